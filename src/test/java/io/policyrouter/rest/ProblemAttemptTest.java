package io.policyrouter.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.policyrouter.dispatch.Attempt;
import io.policyrouter.dispatch.Outcome;
import org.junit.jupiter.api.Test;

/** An exhausted chain's problem lists every attempt with the provider's id for it, for that provider's support. */
class ProblemAttemptTest {

    final ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    @Test
    void anAttemptNamesTheProvidersRequestIdWhenItSentOne() {
        JsonNode sent = json.valueToTree(ChatMapper.attempt(
                new Attempt(0, "gpt-4.1", "openai", Outcome.SERVER_ERROR, 500, 3, "failed_over", "boom", "req_1")));
        assertEquals("req_1", sent.path("upstream_request_id").asText());
        assertEquals("server_error", sent.path("outcome").asText());
        JsonNode none = json.valueToTree(ChatMapper.attempt(
                new Attempt(1, "gpt-4.1", "openai", Outcome.CIRCUIT_OPEN, null, 0, "skipped", "open", null)));
        assertFalse(none.has("upstream_request_id"));
        assertEquals(1, none.path("step").asInt());
    }
}
