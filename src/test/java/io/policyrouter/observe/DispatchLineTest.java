package io.policyrouter.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decision log's dispatch line leads from a trace to the decision, and from each attempt to the provider's id. */
class DispatchLineTest {

    final ObjectMapper json = new ObjectMapper();
    final DecisionRecorder recorder = new DecisionRecorder(new SimpleMeterRegistry(), null, json);

    static DispatchEvent event(String traceId, String upstreamId) {
        return new DispatchEvent("d-1", "pv-1", "direct", false, 200, "ok", "gpt-4.1", "openai",
                List.of(new DispatchEvent.Step(0, "gpt-4.1", "openai", "server_error", 500, 3, "failed_over", "boom",
                                "req_first"),
                        new DispatchEvent.Step(1, "gpt-4.1", "openai", "ok", 200, 5, "returned", null, upstreamId)),
                List.of(), null, null, null, 8_000_000, traceId);
    }

    @Test
    void carriesTheTraceIdAndEachAttemptsUpstreamRequestId() throws Exception {
        JsonNode line = json.readTree(recorder.dispatchLine(event("4bf92f3577b34da6a3ce929d0e0e4736", "req_second")));
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", line.path("trace_id").asText());
        assertEquals("req_first", line.path("attempts").path(0).path("upstream_request_id").asText());
        assertEquals("req_second", line.path("attempts").path(1).path("upstream_request_id").asText());
    }

    @Test
    void leavesOutWhatTheCallerAndTheProviderDidNotSend() throws Exception {
        JsonNode line = json.readTree(recorder.dispatchLine(event(null, null)));
        assertFalse(line.has("trace_id"));
        assertFalse(line.path("attempts").path(1).has("upstream_request_id"));
    }
}
