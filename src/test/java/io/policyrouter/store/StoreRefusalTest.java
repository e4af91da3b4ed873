package io.policyrouter.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record the store refuses as data (here a tenant longer than its column) is dropped alone: the records of the same
 * batch and every later one are written. Before, the writer retried the refused batch for ever and the store took
 * nothing more until a restart.
 */
@QuarkusTest
class StoreRefusalTest {

    @Inject
    StoreWriter writer;

    @Inject
    StoreBackend backend;

    @Inject
    MeterRegistry meters;

    @Test
    void aRefusedRecordIsDroppedAloneAndTheOthersAreWritten() throws InterruptedException {
        long now = System.currentTimeMillis();
        String before = UUID.randomUUID().toString();
        String refused = UUID.randomUUID().toString();
        String after = UUID.randomUUID().toString();
        StoreRecord.Decision ok = DecisionStoreTest.decision(before, now);
        StoreRecord.Decision tooLong = new StoreRecord.Decision(refused, now, ok.replica(), ok.policyVersion(),
                "t".repeat(300), ok.taskType(), ok.tier(), ok.model(), ok.provider(), ok.strategy(), ok.refused(),
                ok.degraded(), ok.estimatedCostUsd(), ok.factsJson(), ok.explanationJson());
        writer.buffered(); // the writer (and its meters) exists from its first use
        double refusedBefore = refusedCount();

        StoreException e = assertThrows(StoreException.class,
                () -> backend.ready().write(List.of(tooLong)));
        assertTrue(e.refusedData(), "a value too long is refused data, not an outage: " + e.getMessage());

        assertTrue(writer.offer(ok));
        assertTrue(writer.offer(tooLong));
        assertTrue(writer.offer(DecisionStoreTest.decision(after, now)));
        for (int i = 0; i < 200 && (writer.pending(before).isPresent() || writer.pending(after).isPresent()
                || writer.pending(refused).isPresent()); i++) {
            Thread.sleep(50);
        }
        assertTrue(backend.ready().find(before).isPresent(), "the record before the refused one is written");
        assertTrue(backend.ready().find(after).isPresent(), "the record after the refused one is written");
        assertFalse(backend.ready().find(refused).isPresent());
        assertFalse(writer.pending(refused).isPresent(), "the refused record is not retried");
        assertEquals(1.0, refusedCount() - refusedBefore);
    }

    private double refusedCount() {
        return meters.get("router.store.refused").counter().count();
    }
}
