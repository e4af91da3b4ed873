package io.policyrouter.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

/** The cascade's answer checks and the Retry-After parser. */
class AnswerCheckTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode format(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void emptyAnswersFailUnlessTheyCallATool() {
        assertEquals("empty", AnswerCheck.failed("  \n", false, null, null, JSON));
        assertNull(AnswerCheck.failed("", true, null, null, JSON), "a tool call is an answer");
    }

    @Test
    void refusalsFailByFieldOrOpeningFormula() {
        assertEquals("refusal",
                AnswerCheck.failed("I’m sorry, but I can’t help with that.", false, null, null, JSON));
        assertEquals("refusal", AnswerCheck.failed("I cannot assist with this request.", false, null, null, JSON));
        assertEquals("refusal", AnswerCheck.failed("{}", false, "Refused by policy", null, JSON));
        assertNull(AnswerCheck.failed("I can't help but admire the sea at night.", false, null, null, JSON));
        assertNull(AnswerCheck.failed("Here is why some say 'I can't help with that': ...", false, null, null, JSON));
    }

    @Test
    void jsonIsCheckedOnlyWhenTheClientAskedForIt() throws Exception {
        JsonNode object = format("{\"type\":\"json_object\"}");
        assertEquals("invalid_json", AnswerCheck.failed("{\"a\": ", false, null, object, JSON));
        assertEquals("invalid_json", AnswerCheck.failed("[1,2]", false, null, object, JSON), "an object is required");
        assertEquals("invalid_json", AnswerCheck.failed("```json\n{}\n```", false, null, object, JSON),
                "a fence breaks the client's JSON.parse");
        assertNull(AnswerCheck.failed("{\"a\": 1}", false, null, object, JSON));
        assertNull(AnswerCheck.failed("{\"a\": ", false, null, format("{\"type\":\"text\"}"), JSON));
        JsonNode schema =
                format("{\"type\":\"json_schema\",\"json_schema\":{\"schema\":{\"required\":[\"a\",\"b\"]}}}");
        assertEquals("invalid_json", AnswerCheck.failed("{\"a\": 1}", false, null, schema, JSON));
        assertNull(AnswerCheck.failed("{\"a\": 1, \"b\": 2}", false, null, schema, JSON));
    }

    @Test
    void retryAfterPrefersMillisecondsThenSecondsThenADate() {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        assertEquals(Duration.ofMillis(250), RetryAfter.parse("250", "7", now));
        assertEquals(Duration.ofSeconds(7), RetryAfter.parse(null, "7", now));
        assertEquals(Duration.ofMillis(1500), RetryAfter.parse(null, "1.5", now));
        assertEquals(Duration.ofSeconds(30), RetryAfter.parse(null, "Mon, 23 Nov 2026 12:00:30 GMT", now));
        assertEquals(Duration.ZERO, RetryAfter.parse(null, "Mon, 23 Nov 2026 11:00:00 GMT", now));
        assertNull(RetryAfter.parse("soon", "later", now));
        assertNull(RetryAfter.parse(null, "-3", now));
    }
}
