package io.policyrouter.dispatch;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Cascade (Decision.strategy == cascade: free chat users, creative task): an answer that fails a documented check
 * escalates to the next, more capable model; a direct decision never escalates.
 */
@QuarkusTest
@TestProfile(DispatchTestProfile.class)
class CascadeTest {

    static final String PROMPT = "Write a short poem about the sea at night.";
    static final Map<String, Object> FREE_CHAT = Map.of("channel", "chat", "user_tier", "free");

    @Inject
    MeterRegistry meters;

    @Inject
    CircuitBreakerMaintenance breakers;

    Chains.Chain chain;

    @BeforeEach
    void decide() {
        breakers.resetAll();
        chain = Chains.of(PROMPT, FREE_CHAT);
        assertEquals("cascade", chain.strategy(), "the policy cascades free chat users' creative requests");
        assertTrue(chain.models().size() >= 2, "a cascade needs a step to escalate to");
    }

    static io.restassured.specification.RequestSpecification freeChat(String faults) {
        return given().contentType(ContentType.JSON).header("x-route-channel", "chat")
                .header("x-route-user-tier", "free").header("x-sim-fault", faults);
    }

    @Test
    void anEmptyAnswerEscalatesAndIsCounted() {
        double before = escalations("empty");
        freeChat(chain.primary() + "=empty").body(Chains.chat(PROMPT, false)).post("/v1/chat/completions")
                .then().statusCode(200)
                .header("x-route-strategy", "cascade")
                .header("x-route-model", chain.fallback(0))
                .header("x-route-attempts", "2")
                .header("x-route-path", chain.primary() + "=check_failed, " + chain.fallback(0) + "=ok")
                .body("choices[0].message.content", startsWith("Simulated answer from " + chain.fallback(0)));
        assertEquals(before + 1, escalations("empty"));
    }

    @Test
    void aRefusalEscalates() {
        freeChat(chain.primary() + "=refuse").body(Chains.chat(PROMPT, false)).post("/v1/chat/completions")
                .then().statusCode(200)
                .header("x-route-model", chain.fallback(0))
                .body("choices[0].message.content", not(containsString("can't help")));
        assertTrue(escalations("refusal") >= 1);
    }

    @Test
    void invalidJsonEscalatesWhenTheClientAskedForJson() {
        Map<String, Object> body = new java.util.HashMap<>(Chains.chat(PROMPT, false));
        body.put("response_format", Map.of("type", "json_object"));
        String content = freeChat(chain.primary() + "=invalid-json").body(body).post("/v1/chat/completions")
                .then().statusCode(200)
                .header("x-route-model", chain.fallback(0))
                .extract().jsonPath().getString("choices[0].message.content");
        assertDoesNotThrow(() -> new com.fasterxml.jackson.databind.ObjectMapper().readTree(content));
        assertTrue(escalations("invalid_json") >= 1);
        // A json_schema whose required property is missing fails the check too.
        body.put("response_format", Map.of("type", "json_schema", "json_schema", Map.of("name", "poem",
                "schema", Map.of("type", "object", "properties", Map.of("title", Map.of("type", "string"),
                        "lines", Map.of("type", "array")), "required", List.of("title", "lines")))));
        freeChat("*=slow,ms=0").body(body).post("/v1/chat/completions")
                .then().statusCode(200)
                .header("x-route-model", chain.primary())
                .body("choices[0].message.content", containsString("\"lines\":[]"));
    }

    @Test
    void aStreamedCascadeIsCheckedBeforeItsFirstByte() {
        String sse = freeChat(chain.primary() + "=refuse").body(Chains.chat(PROMPT, true))
                .post("/v1/chat/completions").then().statusCode(200)
                .header("x-route-model", chain.fallback(0)).extract().asString();
        Sse events = Sse.parse(sse);
        assertTrue(events.done());
        assertEquals(List.of(chain.fallback(0)), events.models(), "the refusal never reached the client");
    }

    @Test
    void aDirectDecisionNeverEscalates() {
        Chains.Chain direct = Chains.of(PROMPT, Map.of("channel", "chat", "user_tier", "pro"));
        assertEquals("direct", direct.strategy());
        given().contentType(ContentType.JSON).header("x-route-channel", "chat").header("x-route-user-tier", "pro")
                .header("x-sim-fault", direct.primary() + "=empty").body(Chains.chat(PROMPT, false))
                .post("/v1/chat/completions")
                .then().statusCode(200)
                .header("x-route-model", direct.primary())
                .header("x-route-attempts", "1")
                .body("choices[0].message.content", is(""));
    }

    private double escalations(String check) {
        return meters.find("router.dispatch.escalations").tag("check", check).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }
}
