package io.policyrouter.dispatch;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Streaming: failover is allowed only before the first byte reaches the client; after it, the stream ends with an
 * error event and never continues on another model.
 */
@QuarkusTest
@TestProfile(DispatchTestProfile.class)
class DispatchStreamingTest {

    static final String PROMPT = "Summarise the plot of Hamlet in three sentences.";
    static final Map<String, Object> API = Map.of("channel", "api");

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    MeterRegistry meters;

    @BeforeEach
    void closeAllBreakers() {
        breakers.resetAll();
    }

    static ExtractableResponse<Response> stream(String faults) {
        var request = given().contentType(ContentType.JSON).header("x-route-channel", "api");
        if (faults != null) {
            request.header("x-sim-fault", faults);
        }
        return request.body(Chains.chat(PROMPT, true)).when().post("/v1/chat/completions").then()
                .log().ifValidationFails().extract();
    }

    @Test
    void streamsServerSentEventsEndingInDone() {
        Chains.Chain chain = Chains.of(PROMPT, API);
        ExtractableResponse<Response> r = stream(null);
        assertEquals(200, r.statusCode());
        assertTrue(r.contentType().startsWith("text/event-stream"), r.contentType());
        assertEquals(chain.primary(), r.header("x-route-model"));
        assertEquals("1", r.header("x-route-attempts"));
        assertNotNull(r.header("x-route-decision-id"));
        Sse sse = Sse.parse(r.asString());
        assertTrue(sse.done(), "ends with data: [DONE]");
        assertEquals(List.of(chain.primary()), sse.models());
        assertEquals("chat.completion.chunk", sse.events().get(0).getString("object"));
        assertEquals("assistant", sse.events().get(0).getString("choices[0].delta.role"));
        assertEquals("stop", sse.last().getString("choices[0].finish_reason"));
        // Deterministic simulator: the stream carries exactly the non-streamed answer.
        String whole = given().contentType(ContentType.JSON).header("x-route-channel", "api")
                .body(Chains.chat(PROMPT, false)).post("/v1/chat/completions")
                .then().extract().jsonPath().getString("choices[0].message.content");
        assertEquals(whole, sse.text());
    }

    @Test
    void theProvidersUsagePricesAStreamWithoutReachingACallerThatDidNotAskForIt() throws InterruptedException {
        ExtractableResponse<Response> r = stream(null);
        Sse sse = Sse.parse(r.asString());
        assertTrue(sse.done());
        assertTrue(sse.events().stream().noneMatch(e -> e.getList("choices").isEmpty()),
                "no usage-only chunk for a caller that did not ask for one: " + r.asString());
        assertEquals("stop", sse.last().getString("choices[0].finish_reason"));
        // the router asked for it, so the dispatch record holds the stream's real cost, not the estimate
        String id = r.header("x-route-decision-id");
        Float cost = null;
        for (int i = 0; i < 100 && cost == null; i++) {
            Response d = given().when().get("/v1/decisions/" + id);
            cost = d.statusCode() == 200 ? d.jsonPath().get("dispatch.cost_usd") : null;
            if (cost == null) {
                Thread.sleep(50);
            }
        }
        assertNotNull(cost, "the stream's dispatch record has a cost from the provider's usage");
        assertTrue(cost > 0, "cost " + cost);
    }

    @Test
    void aCallerThatAsksForTheUsageChunkGetsIt() {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Chains.chat(PROMPT, true));
        body.put("stream_options", Map.of("include_usage", true));
        ExtractableResponse<Response> r = given().contentType(ContentType.JSON).header("x-route-channel", "api")
                .body(body).when().post("/v1/chat/completions").then().extract();
        Sse sse = Sse.parse(r.asString());
        assertTrue(sse.done());
        assertTrue(sse.last().getList("choices").isEmpty(), r.asString());
        assertTrue(sse.last().getInt("usage.total_tokens") > 0, r.asString());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aStreamCutBeforeTheFirstContentFailsOver(int after) {
        // after=1 cuts after the role-only chunk: it carries no content, so it was held back and nothing was sent.
        Chains.Chain chain = Chains.of(PROMPT, API);
        ExtractableResponse<Response> r = stream(chain.primary() + "=cut,after=" + after);
        assertEquals(200, r.statusCode());
        assertEquals(chain.fallback(0), r.header("x-route-model"));
        assertEquals(chain.primary() + "=connection_error, " + chain.fallback(0) + "=ok", r.header("x-route-path"));
        Sse sse = Sse.parse(r.asString());
        assertTrue(sse.done());
        assertEquals(List.of(chain.fallback(0)), sse.models(), "only the fallback's chunks");
        assertTrue(sse.text().startsWith("Simulated answer from " + chain.fallback(0)));
    }

    @Test
    void aStreamCutAfterTheFirstByteEndsWithAnErrorEventAndNeverSwitchesModel() {
        Chains.Chain chain = Chains.of(PROMPT, API);
        double cutsBefore = count("stream_cut");
        ExtractableResponse<Response> r = stream(chain.primary() + "=cut,after=4");
        assertEquals(200, r.statusCode(), "the status was sent with the first byte");
        assertEquals(chain.primary(), r.header("x-route-model"));
        Sse sse = Sse.parse(r.asString());
        assertFalse(sse.done(), "no [DONE] after an error");
        assertEquals(List.of(chain.primary()), sse.models(), "no chunk from another model");
        assertEquals(5, sse.events().size(), "4 chunks, then the error event");
        assertEquals("stream_interrupted", sse.last().getString("error.code"));
        assertEquals("server_error", sse.last().getString("error.type"));
        assertTrue(sse.last().getString("error.message").contains(chain.primary() + " failed after"));
        assertEquals(cutsBefore + 1, count("stream_cut"), "recorded as a cut stream");
    }

    @Test
    void aStreamThatTimesOutBeforeItsFirstChunkFailsOver() {
        Chains.Chain chain = Chains.of(PROMPT, API);
        ExtractableResponse<Response> r = stream(chain.primary() + "=timeout");
        assertEquals(chain.fallback(0), r.header("x-route-model"));
        assertEquals(List.of(chain.fallback(0)), Sse.parse(r.asString()).models());
    }

    @Test
    void aStreamingClientErrorIsReturnedAsJsonNotAsAStream() {
        Chains.Chain chain = Chains.of(PROMPT, API);
        ExtractableResponse<Response> r = stream(chain.primary() + "=400");
        assertEquals(400, r.statusCode());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        assertEquals("invalid_request", r.jsonPath().getString("error.code"));
    }

    @Test
    void aStreamingRequestWhoseWholeChainFailsGetsA502Problem() {
        ExtractableResponse<Response> r = stream("*=502");
        assertEquals(502, r.statusCode());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals("upstream_error", r.jsonPath().getString("error.code"));
    }

    @Test
    void aClientThatLeavesMidStreamCancelsTheProviderCallAndIsRecorded() throws Exception {
        double before = count("client_gone");
        // 100 ms between chunks: the whole answer would take over 2 s; the client reads three events and leaves.
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create(
                io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/v1/chat/completions")
                .toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        c.setRequestProperty("x-route-channel", "api");
        c.setRequestProperty("x-sim-fault", "*=slow,chunk-ms=100");
        c.getOutputStream().write(("{\"model\":\"auto\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + PROMPT + "\"}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(c.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8));
        int events = 0;
        while (events < 3) {
            String line = reader.readLine();
            events += line != null && line.startsWith("data: ") ? 1 : 0;
        }
        long t0 = System.nanoTime();
        c.disconnect();
        while (count("client_gone") == before && System.nanoTime() - t0 < 1_500_000_000L) {
            Thread.sleep(20);
        }
        assertEquals(before + 1, count("client_gone"), "recorded within a chunk or two of the client leaving");
    }

    private double count(String result) {
        var c = meters.find("router.dispatch.requests").tag("result", result).counter();
        return c == null ? 0 : c.count();
    }
}
