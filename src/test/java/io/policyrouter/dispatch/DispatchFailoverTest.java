package io.policyrouter.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Failure semantics of the chain, one error class at a time, with faults injected into the simulated providers.
 * The chain comes from POST /v1/route for the same request, so the tests follow whatever the policy decides.
 */
@QuarkusTest
@TestProfile(DispatchTestProfile.class)
class DispatchFailoverTest {

    static final String PROMPT = "Summarise the plot of Hamlet in three sentences.";
    static final Map<String, Object> API = Map.of("channel", "api");

    @Inject
    MeterRegistry meters;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void closeAllBreakers() {
        breakers.resetAll(); // failures of one test must not open a breaker in the next
    }

    static ValidatableResponse chat(String faults) {
        return chat(PROMPT, faults);
    }

    static ValidatableResponse chat(String prompt, String faults) {
        var request = given().contentType(ContentType.JSON).header("x-route-channel", "api");
        if (faults != null) {
            request.header("x-sim-fault", faults);
        }
        return request.body(Chains.chat(prompt, false)).when().post("/v1/chat/completions").then()
                .log().ifValidationFails();
    }

    double simulatorCalls(String model) {
        return meters.find("router.simulator.calls").tag("model", model).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    @Test
    void thePrimaryAnswersAndEveryHeaderSaysSo() {
        Chains.Chain chain = Chains.of(PROMPT, API);
        chat(null).statusCode(200)
                .header("x-route-model", chain.primary())
                .header("x-route-provider", chain.providers().get(0))
                .header("x-route-attempts", "1")
                .header("x-route-path", chain.primary() + "=ok")
                .header("x-route-decision-id", matchesPattern("[0-9a-f-]{36}"))
                .header("x-route-policy-version", matchesPattern("pv-[0-9a-f]{12}"))
                .header("x-route-estimated-cost-usd", matchesPattern("0\\.\\d{8}"))
                .body("model", is(chain.primary()))
                .body("choices[0].message.content", startsWith("Simulated answer from " + chain.primary()));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 422})
    void aClientErrorIsReturnedAsIsWithoutRetryOrFailover(int status) {
        Chains.Chain chain = Chains.of(PROMPT, API);
        double before = simulatorCalls(chain.fallback(0));
        chat(chain.primary() + "=" + status).statusCode(status)
                .contentType(ContentType.JSON)
                .header("x-route-model", chain.primary())
                .header("x-route-attempts", "1")
                .header("x-route-path", chain.primary() + "=client_error")
                .body("error.message", containsStringIgnoringCase("simulated"));
        assertEquals(before, simulatorCalls(chain.fallback(0)), "no other model was called");
    }

    /** The router's own key or model name is wrong there: the caller must get an answer, not "invalid API key". */
    @ParameterizedTest
    @ValueSource(ints = {401, 403, 404})
    void aProviderThatRefusesTheRoutersKeyOrModelFailsOverWithoutTrippingItsBreaker(int status) {
        Chains.Chain chain = Chains.of(PROMPT, API);
        String refusing = chain.providers().get(0);
        for (int i = 0; i < 6; i++) { // more than the breaker's window: a configuration fault is not an outage
            chat("provider:" + refusing + "=" + status).statusCode(200)
                    .header("x-route-path", startsWith(chain.primary() + "=provider_rejected, "))
                    .header("x-route-model", not(chain.primary()));
        }
        assertEquals(0.0, meters.get("router.dispatch.circuit.state").tag("provider", refusing).gauge().value(),
                "breaker of " + refusing + " stays closed");
        // Refused everywhere: a 502 from the router, never the provider's 401 passed off as the caller's fault.
        JsonPath body = chat("*=" + status).statusCode(502)
                .body("error.code", is("upstream_error"))
                .extract().jsonPath();
        assertTrue(body.getList("attempts.outcome", String.class).stream().allMatch("provider_rejected"::equals));
    }

    @Test
    void aContextLengthErrorMovesToAModelWithALargerWindow() {
        Chains.Chain chain = Chains.of(PROMPT, API);
        Map<String, Integer> windows = windows();
        int primary = windows.get(chain.primary());
        String larger = chain.models().stream().skip(1).filter(m -> windows.get(m) > primary).findFirst().orElse(null);
        ValidatableResponse r = chat(chain.primary() + "=context-length");
        if (larger == null) {
            r.statusCode(400).body("error.code", is("context_length_exceeded")).header("x-route-attempts", "1");
        } else {
            r.statusCode(200).header("x-route-model", larger)
                    .header("x-route-path", startsWith(chain.primary() + "=context_length"));
        }
        // A chain whose every step fails on context length ends as soon as no larger window is left: as is.
        chat("*=context-length").statusCode(400).body("error.code", is("context_length_exceeded"));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503})
    void aServerErrorFailsOverToTheNextStep(int status) {
        Chains.Chain chain = Chains.of(PROMPT, API);
        chat(chain.primary() + "=" + status).statusCode(200)
                .header("x-route-model", chain.fallback(0))
                .header("x-route-attempts", "2")
                .header("x-route-path", chain.primary() + "=" + (status == 503 ? "unavailable" : "server_error")
                        + ", " + chain.fallback(0) + "=ok")
                .body("model", is(chain.fallback(0)));
    }

    @Test
    void aTimeoutFailsOverAfterTheAttemptTimeout() {
        Chains.Chain chain = Chains.of(PROMPT, API);
        long t0 = System.nanoTime();
        chat(chain.primary() + "=timeout").statusCode(200)
                .header("x-route-model", chain.fallback(0))
                .header("x-route-path", chain.primary() + "=timeout, " + chain.fallback(0) + "=ok");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= DispatchTestProfile.ATTEMPT_TIMEOUT_MS, "waited the attempt timeout, took " + ms);
        assertTrue(ms < 3_000, "then failed over at once, took " + ms);
    }

    @Test
    void aDroppedConnectionFailsOver() {
        Chains.Chain chain = Chains.of(PROMPT, API);
        chat(chain.primary() + "=drop").statusCode(200)
                .header("x-route-model", chain.fallback(0))
                .header("x-route-path", chain.primary() + "=connection_error, " + chain.fallback(0) + "=ok");
    }

    @Test
    void a429IsRetriedOnTheSameModelAfterRetryAfter() {
        Chains.Chain chain = Chains.of(PROMPT, API);
        long t0 = System.nanoTime();
        chat(chain.primary() + "=429,retry-after-ms=150,times=1").statusCode(200)
                .header("x-route-model", chain.primary())
                .header("x-route-attempts", "2")
                .header("x-route-path", chain.primary() + "=rate_limited, " + chain.primary() + "=ok");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 150, "Retry-After honoured, took " + ms);
    }

    @Test
    void a429ThatPersistsFailsOverAfterTheBackOff() {
        Chains.Chain chain = Chains.of(PROMPT, API);
        long t0 = System.nanoTime();
        chat(chain.primary() + "=429,retry-after-ms=120").statusCode(200)
                .header("x-route-model", chain.fallback(0))
                .header("x-route-attempts", "3")
                .header("x-route-path", chain.primary() + "=rate_limited, " + chain.primary() + "=rate_limited, "
                        + chain.fallback(0) + "=ok");
        assertTrue((System.nanoTime() - t0) / 1_000_000 >= 120);
    }

    @Test
    void aRetryAfterBeyondTheLatencyBudgetFailsOverAtOnce() {
        Chains.Chain chain = Chains.of(PROMPT, API);
        long t0 = System.nanoTime();
        chat(chain.primary() + "=429,retry-after=60").statusCode(200)
                .header("x-route-model", chain.fallback(0))
                .header("x-route-attempts", "2");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 2_000, "no 60 s wait, took " + ms);
    }

    @Test
    void aDeadChainIs502ProblemWithTheOpenAiErrorAndEveryAttempt() {
        Chains.Chain chain = Chains.of(PROMPT, API);
        JsonPath body = chat("*=500").statusCode(502)
                .contentType("application/problem+json")
                .header("x-route-attempts", String.valueOf(chain.models().size()))
                .header("x-route-decision-id", notNullValue())
                .body("type", is("urn:policy-router:problem:upstream-error"))
                .body("status", is(502))
                .body("decision_id", notNullValue())
                .body("policy_version", startsWith("pv-"))
                .body("error.type", is("server_error"))
                .body("error.code", is("upstream_error"))
                .body("error.message", containsString("no model of the routing chain could answer"))
                .extract().jsonPath();
        assertEquals(chain.models(), body.getList("attempts.model", String.class));
        assertEquals(chain.providers(), body.getList("attempts.provider", String.class));
        assertTrue(body.getList("attempts.outcome", String.class).stream().allMatch("server_error"::equals));
        assertTrue(body.getList("attempts.status", Integer.class).stream().allMatch(s -> s == 500));
        assertNotNull(body.getList("attempts.latency_ms"));
    }

    @Test
    void aChainThatOnlyTimesOutIs504() {
        chat("*=timeout").statusCode(504)
                .body("error.code", is("upstream_timeout"))
                .body("attempts.outcome", everyItem(is("timeout")));
    }

    @Test
    void aChainThatIsRateLimitedEverywhereIs503WithRetryAfter() {
        chat("*=429,retry-after=60").statusCode(503)
                .header("Retry-After", "60")
                .body("error.code", is("upstream_unavailable"))
                .body("attempts.outcome", everyItem(is("rate_limited")));
    }

    @Test
    void anOpenCircuitSkipsADeadProviderWithoutAnAttempt() {
        Chains.Chain chain = Chains.of(PROMPT, API);
        String dead = chain.providers().get(0);
        String faults = "provider:" + dead + "=503";
        // Each request costs the dead provider one failed attempt; the fourth opens its breaker (3 of the last 4).
        for (int i = 0; i < 4; i++) {
            chat(faults).statusCode(200).header("x-route-path", startsWith(chain.primary() + "=unavailable"));
        }
        assertEquals(1.0, meters.get("router.dispatch.circuit.state").tag("provider", dead).gauge().value(),
                "breaker of " + dead + " is open");
        double callsBefore = simulatorCalls(chain.primary());
        String served = chat(faults).statusCode(200)
                .header("x-route-path", startsWith(chain.primary() + "=circuit_open, "))
                .extract().header("x-route-model");
        assertEquals(callsBefore, simulatorCalls(chain.primary()), "no attempt on the dead primary");
        assertNotEquals(dead, chain.providers().get(chain.models().indexOf(served)));
        // Skipped, not tried: x-route-attempts counts calls made.
        chat(faults).statusCode(200).header("x-route-attempts", "1");
    }

    @Test
    void personalDataOnlyEverReachesPiiAllowedModelsThroughTheWholeChain() {
        String prompt = "Reply to jane.doe@example.com that her order has shipped.";
        Chains.Chain chain = Chains.of(prompt, API);
        List<String> piiAllowed = given().get("/v1/models").then().extract().jsonPath()
                .getList("data.findAll { it.flags.contains('pii_allowed') }.id", String.class);
        List<String> others = given().get("/v1/models").then().extract().jsonPath()
                .getList("data.findAll { !it.flags.contains('pii_allowed') }.id", String.class);
        assertFalse(others.isEmpty());
        Map<String, Double> before = new java.util.HashMap<>();
        others.forEach(m -> before.put(m, simulatorCalls(m)));
        // Every step fails, so dispatch walks the whole chain; never once may it leave it.
        JsonPath body = chat(prompt, "*=503").statusCode(503).extract().jsonPath();
        List<String> tried = body.getList("attempts.model", String.class);
        assertEquals(chain.models(), tried, "exactly the policy's chain, in order");
        assertTrue(piiAllowed.containsAll(tried), tried + " must all be pii_allowed");
        others.forEach(m -> assertEquals(before.get(m), simulatorCalls(m), m + " was called"));
        // And when the last step is the one that works, it is still a pii_allowed model that answers.
        StringBuilder faults = new StringBuilder();
        chain.models().subList(0, chain.models().size() - 1).forEach(m -> faults.append(m).append("=500;"));
        chat(prompt, faults.toString()).statusCode(200)
                .header("x-route-model", chain.models().get(chain.models().size() - 1))
                .header("x-route-model", is(in(piiAllowed)));
    }

    private static Map<String, Integer> windows() {
        JsonPath models = given().get("/v1/models").then().extract().jsonPath();
        Map<String, Integer> out = new java.util.HashMap<>();
        List<String> ids = models.getList("data.id", String.class);
        List<Integer> windows = models.getList("data.context_window", Integer.class);
        for (int i = 0; i < ids.size(); i++) {
            out.put(ids.get(i), windows.get(i));
        }
        return out;
    }
}
