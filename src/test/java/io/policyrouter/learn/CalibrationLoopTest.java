package io.policyrouter.learn;

import com.fasterxml.jackson.databind.JsonNode;
import io.policyrouter.tools.loop.LoopSimulation;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loop, end to end through the running router: RouteLLM's recorded strong/weak outcomes replayed as traffic and
 * feedback against the two-model catalog (calibrated on the other 40 % of the rows); then the weak model's
 * correctness on reasoning drops from 0.59 to 0.37. The drift report must stay silent while nothing changed, flag
 * exactly weak × reasoning once it did — within a stated number of requests — propose the measured score as a
 * catalog diff that needs approval, and flag nothing else.
 */
@QuarkusTest
@TestProfile(CalibrationLoopTest.Simulation.class)
class CalibrationLoopTest {

    /** Requests of the degraded part by which the drift must be flagged (docs/calibration-loop.md states it). */
    static final int DETECTION_BOUND = 3000;

    public static class Simulation implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("router.catalog.file", "src/test/resources/simulation/models.yaml",
                    "router.store.kind", "embedded",
                    "router.store.embedded-path", "target/test-store/loop-" + UUID.randomUUID(),
                    "router.shadow.sample-rate", "0",
                    "router.decision-log.enabled", "false");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void theDriftReportFlagsExactlyTheDegradedModelAndTaskWithTheMeasuredScore() throws Exception {
        List<String> log = new ArrayList<>();
        String url = base.toString().replaceAll("/$", "");
        LoopSimulation.Result r = LoopSimulation.run(url, LoopSimulation.load(LoopSimulation.DATA), "reasoning", 0.37,
                0.3, log::add);
        System.out.println(String.join("\n", log));
        r.measured().forEach((k, v) -> System.out.printf("measured %s: %.3f of %.0f%n", k, v[0], v[1]));
        System.out.println("final drift: " + r.finalDrift());

        assertTrue(r.healthyFlags().isEmpty(), "nothing changed yet, nothing may be flagged: " + r.healthyFlags());
        assertTrue(r.healthyPairsJudged() >= 3, "the healthy part must judge several pairs, or silence proves "
                + "nothing: " + r.healthyPairsJudged());
        assertNotNull(r.detectedAfter(), "the degraded pair was never flagged: " + r.finalDrift());
        assertTrue(r.detectedAfter() <= DETECTION_BOUND, "flagged only after " + r.detectedAfter() + " requests");

        JsonNode flags = r.finalDrift().path("flags");
        assertEquals(1, flags.size(), "exactly one flag: " + flags);
        JsonNode f = flags.get(0);
        assertEquals("weak", f.path("model").asText());
        assertEquals("reasoning", f.path("task_type").asText());
        assertEquals("below", f.path("direction").asText());
        assertEquals(0.59, f.path("catalog_score").asDouble(), 1e-9);
        assertEquals(0.37, f.path("proposed_score").asDouble(), 0.06, "the proposal is the measured rate");
        assertTrue(f.path("needs_approval").asBoolean(), "reasoning is capability-sensitive");
        String diff = f.path("diff").asText();
        assertTrue(diff.contains("-      reasoning: 0.59") && diff.contains("+      reasoning: 0."), diff);
        assertTrue(r.finalDrift().path("checked").size() >= 3, "untouched pairs were judged too");
    }
}
