package io.policyrouter.dispatch;

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
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The OpenAI-compatible HTTP provider (Quarkus REST client) against {@link FakeUpstream}: model-name mapping, the API
 * key from the environment, routing metadata kept out of the upstream body, SSE streaming, and each wire failure
 * classified the same way the simulator's are. Requests pin llama-3.3-70b, served by the fake.
 */
@QuarkusTest
@TestProfile(FakeUpstreamProfile.class)
class OpenAiProviderTest {

    static final String MODEL = "llama-3.3-70b";

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void closeAllBreakers() {
        breakers.resetAll();
    }

    static Map<String, Object> body(String prompt, boolean stream) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("model", MODEL);
        body.put("messages", List.of(Map.of("role", "user", "content", prompt)));
        body.put("metadata", Map.of("channel", "api", "app", "demo"));
        body.put("stream", stream);
        return body;
    }

    static ExtractableResponse<Response> post(String prompt, boolean stream) {
        return given().contentType(ContentType.JSON).body(body(prompt, stream)).post("/v1/chat/completions")
                .then().log().ifValidationFails().extract();
    }

    @Test
    void callsTheConfiguredProviderWithItsModelNameKeyAndHeaders() {
        ExtractableResponse<Response> r = post("Name three rivers in Europe.", false);
        assertEquals(200, r.statusCode(), r.asString());
        assertEquals(MODEL, r.header("x-route-model"));
        assertEquals("selfhosted", r.header("x-route-provider"));
        assertEquals(MODEL, r.jsonPath().getString("model"), "the body names the catalog id");
        String echo = r.jsonPath().getString("choices[0].message.content");
        assertTrue(echo.contains("upstream model=" + FakeUpstream.UPSTREAM_LLAMA), echo);
        assertTrue(echo.contains("caller=policy-router"), echo);
        assertTrue(echo.contains("metadata={\"app\":\"demo\"}"), "routing metadata is not forwarded: " + echo);
        assertTrue(echo.contains("stream=false"), echo);
    }

    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    static ExtractableResponse<Response> traced(String prompt, boolean stream, String traceparent) {
        return given().contentType(ContentType.JSON).header("traceparent", traceparent)
                .header("tracestate", "vendor=opaque").body(body(prompt, stream)).post("/v1/chat/completions")
                .then().log().ifValidationFails().extract();
    }

    @Test
    void passesTheCallersTraceContextOnAndReturnsTheProvidersRequestId() {
        ExtractableResponse<Response> r = traced("Name three rivers in Europe.", false, TRACEPARENT);
        assertEquals(200, r.statusCode(), r.asString());
        String echo = r.jsonPath().getString("choices[0].message.content");
        assertTrue(echo.contains("traceparent=" + TRACEPARENT), echo);
        assertTrue(echo.contains("tracestate=vendor=opaque"), echo);
        assertEquals(FakeUpstream.REQUEST_ID, r.header("x-route-upstream-request-id"));

        Sse sse = Sse.parse(traced("Name three rivers in Europe.", true, TRACEPARENT).asString());
        assertTrue(sse.done());
        assertTrue(sse.text().contains("traceparent=" + TRACEPARENT), sse.text());
    }

    @Test
    void aTraceparentThatDoesNotParseIsDroppedNotRefused() {
        for (String bad : List.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", "garbage",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")) {
            ExtractableResponse<Response> r = traced("Name three rivers in Europe.", false, bad);
            assertEquals(200, r.statusCode(), bad + ": " + r.asString());
            String echo = r.jsonPath().getString("choices[0].message.content");
            assertTrue(echo.contains("traceparent=none") && echo.contains("tracestate=none"), bad + ": " + echo);
        }
    }

    @Test
    void aRequestTheProviderRejectsNamesTheProvidersRequestId() {
        ExtractableResponse<Response> r = post("Name three rivers [fake:400]", false);
        assertEquals(400, r.statusCode(), r.asString());
        assertEquals(FakeUpstream.REQUEST_ID, r.header("x-route-upstream-request-id"));
    }

    @Test
    void onlyARequestIdThatIsSafeToLogAndEchoIsKept() {
        assertEquals("req_abc-123:4.5", OpenAiProvider.requestId(" req_abc-123:4.5 "));
        assertNull(OpenAiProvider.requestId("req\r\nSet-Cookie: x=1"));
        assertNull(OpenAiProvider.requestId("<script>"));
        assertNull(OpenAiProvider.requestId("a".repeat(129)));
        assertNull(OpenAiProvider.requestId(" "));
    }

    @Test
    void streamsServerSentEventsFromTheProvider() {
        ExtractableResponse<Response> r = post("Name three rivers in Europe.", true);
        assertEquals(200, r.statusCode(), r.asString());
        Sse sse = Sse.parse(r.asString());
        assertTrue(sse.done());
        assertEquals(List.of(MODEL), sse.models());
        assertTrue(sse.text().contains("stream=true"), sse.text());
        // the router asks for the stream's usage to price it (ProvidersConfig.Provider#streamUsage)
        assertTrue(sse.text().contains("include_usage=true"), sse.text());
        String plain = post("Name three rivers in Europe.", false).jsonPath().getString("choices[0].message.content");
        assertTrue(plain.contains("include_usage=false"), plain);
    }

    @Test
    void anHttp503FailsOver() {
        ExtractableResponse<Response> r = post("Name three rivers [fake:503]", false);
        assertEquals(200, r.statusCode());
        assertNotEquals(MODEL, r.header("x-route-model"));
        assertTrue(r.header("x-route-path").startsWith(MODEL + "=unavailable, "), r.header("x-route-path"));
    }

    @Test
    void anHttp401ForTheRoutersOwnKeyFailsOverInsteadOfReachingTheCaller() {
        ExtractableResponse<Response> r = post("Name three rivers [fake:401]", false);
        assertEquals(200, r.statusCode());
        assertNotEquals(MODEL, r.header("x-route-model"));
        assertTrue(r.header("x-route-path").startsWith(MODEL + "=provider_rejected, "), r.header("x-route-path"));
    }

    @Test
    void anHttp503BeforeAStreamStartsFailsOver() {
        ExtractableResponse<Response> r = post("Name three rivers [fake:503]", true);
        assertEquals(200, r.statusCode());
        assertTrue(r.header("x-route-path").startsWith(MODEL + "=unavailable, "), r.header("x-route-path"));
        assertEquals(List.of(r.header("x-route-model")), Sse.parse(r.asString()).models());
    }

    @Test
    void anHttp429HonoursRetryAfterMsThenFailsOver() {
        long t0 = System.nanoTime();
        ExtractableResponse<Response> r = post("Name three rivers [fake:429]", false);
        assertEquals(200, r.statusCode());
        assertTrue(r.header("x-route-path").startsWith(MODEL + "=rate_limited, " + MODEL + "=rate_limited, "),
                r.header("x-route-path"));
        assertTrue((System.nanoTime() - t0) / 1_000_000 >= 40, "waited retry-after-ms");
    }

    @Test
    void anHttp400IsReturnedAsIsWithTheProvidersBody() {
        given().contentType(ContentType.JSON).body(body("Name three rivers [fake:400]", false))
                .post("/v1/chat/completions")
                .then().statusCode(400)
                .header("x-route-model", MODEL)
                .header("x-route-attempts", "1")
                .body("error.param", is("temperature"))
                .body("error.code", is("invalid_value"));
    }

    @Test
    void aDroppedConnectionFailsOver() {
        ExtractableResponse<Response> r = post("Name three rivers [fake:drop]", false);
        assertEquals(200, r.statusCode());
        assertTrue(r.header("x-route-path").startsWith(MODEL + "=connection_error, "), r.header("x-route-path"));
    }

    @Test
    void aSlowProviderTimesOutAndFailsOver() {
        long t0 = System.nanoTime();
        ExtractableResponse<Response> r = post("Name three rivers [fake:slow]", false);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, r.statusCode());
        assertTrue(r.header("x-route-path").startsWith(MODEL + "=timeout, "), r.header("x-route-path"));
        assertTrue(ms >= DispatchTestProfile.ATTEMPT_TIMEOUT_MS && ms < 1_500, "took " + ms);
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-choices", "endless"})
    void anAnswerWithoutAChoiceOrWithoutAnEndFailsOver(String fault) {
        ExtractableResponse<Response> r = post("Name three rivers [fake:" + fault + "]", false);
        assertEquals(200, r.statusCode());
        assertTrue(r.header("x-route-path").startsWith(MODEL + "=bad_response, "), r.header("x-route-path"));
    }

    @Test
    void anAnswerThatIsNotJsonFailsOver() {
        ExtractableResponse<Response> r = post("Name three rivers [fake:garbage]", false);
        assertEquals(200, r.statusCode());
        assertTrue(r.header("x-route-path").startsWith(MODEL + "=bad_response, "), r.header("x-route-path"));
    }

    @Test
    void aBrokenFramingFailsOverWithoutAnUnhandledErrorInTheLog() {
        java.util.logging.Logger vertx = java.util.logging.Logger.getLogger("io.vertx.core.net.impl.ConnectionBase");
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
                    errors.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        vertx.addHandler(capture);
        try {
            ExtractableResponse<Response> r = post("Name three rivers [fake:bad-chunk]", false);
            assertEquals(200, r.statusCode(), r.asString());
            String path = r.header("x-route-path");
            assertTrue(path.startsWith(MODEL + "=") && !path.startsWith(MODEL + "=ok"), path);
            assertEquals(List.of(), errors, "the attempt record has it; the connection must not log it as ERROR");
        } finally {
            vertx.removeHandler(capture);
        }
    }

    @Test
    void aConnectionResetMidStreamEndsWithAnErrorEvent() {
        ExtractableResponse<Response> r = post("Name three rivers [fake:cut]", true);
        assertEquals(200, r.statusCode());
        assertEquals(MODEL, r.header("x-route-model"));
        Sse sse = Sse.parse(r.asString());
        assertFalse(sse.done());
        assertEquals(List.of(MODEL), sse.models());
        assertEquals("stream_interrupted", sse.last().getString("error.code"));
        assertThat(sse.events().size(), greaterThan(1));
    }
}
