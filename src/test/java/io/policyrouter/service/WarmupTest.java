package io.policyrouter.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The start-up warm-up (off in the test profile, run here by hand) makes real decisions on every sample and leaves no
 * trace a dashboard or the store could see. That readiness waits for it in a packaged run is checked by ReplicasIT.
 */
@QuarkusTest
class WarmupTest {

    @Inject
    @Readiness // a health check's qualifier: it is not a @Default bean
    Warmup warmup;

    @Inject
    WarmupConfig config;

    @Inject
    MeterRegistry meters;

    @Test
    void decidesEverySampleAndCountsNoDecision() {
        double before = decisions();
        long timed = meters.find("router.decision.duration").timers().stream().mapToLong(t -> t.count()).sum();
        assertEquals(config.requests(), warmup.run(), "every sample decision made");
        assertEquals(before, decisions(), "warm-up decisions counted as traffic");
        assertEquals(timed, meters.find("router.decision.duration").timers().stream().mapToLong(t -> t.count()).sum());
        assertEquals(HealthCheckResponse.Status.UP, warmup.call().getStatus());
    }

    @Test
    void samplesCoverTheShapesTheRulesBranchOn() {
        assertEquals(8, Warmup.samples().size());
        assertEquals(true, Warmup.samples().stream().anyMatch(r -> "eu".equals(r.context().dataRegion())));
        assertEquals(true, Warmup.samples().stream().anyMatch(r -> r.context().previousModel() != null));
    }

    private double decisions() {
        return meters.find("router.decisions").counters().stream().mapToDouble(Counter::count).sum();
    }
}
