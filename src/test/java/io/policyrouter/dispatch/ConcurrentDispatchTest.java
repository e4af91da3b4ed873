package io.policyrouter.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dispatch the way production loads it: many clients at once, real sockets, a real keep-alive HTTP provider
 * ({@link LocalProvider}), the shipped circuit-breaker settings. Nothing here is timed: the assertions are about
 * outcomes (every stream complete, no connection error, breakers closed, calls truly concurrent at the provider).
 */
@QuarkusTest
@TestProfile(LocalProviderProfile.class)
class ConcurrentDispatchTest {

    @TestHTTPResource("/v1/chat/completions")
    URI chat;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    MeterRegistry meters;

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void fresh() {
        breakers.resetAll();
        LocalProvider.reset();
    }

    HttpRequest request(String content, boolean stream) {
        String body = "{\"model\":\"auto\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + content + "\"}]}";
        return HttpRequest.newBuilder(chat).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("x-route-channel", "api").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    List<HttpResponse<String>> all(int n, String content, boolean stream) {
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(client.sendAsync(request(content, stream), HttpResponse.BodyHandlers.ofString()));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void concurrentStreamsFromAHealthyProviderAllCompleteAndNoBreakerOpens() {
        double connectionErrorsBefore = count("router.dispatch.attempts", "outcome", "connection_error");
        for (int round = 0; round < 3; round++) { // later rounds reuse the pooled keep-alive connections
            List<HttpResponse<String>> responses = all(64, "Summarise the plot of Hamlet. [local:chunks=40,gap=2]",
                    true);
            for (HttpResponse<String> r : responses) {
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
                assertTrue(r.body().endsWith("data: [DONE]\n\n"), "stream not complete: " + tail(r.body()));
                assertEquals(43, r.body().split("\n\n").length, "role chunk, 40 words, the finish chunk and [DONE]");
                assertEquals("1", r.headers().firstValue("x-route-attempts").orElse(""), "no failover");
            }
        }
        assertEquals(connectionErrorsBefore, count("router.dispatch.attempts", "outcome", "connection_error"),
                "a healthy provider's streams must never fail on the router's side");
        for (String p : LocalProvider.PROVIDERS) {
            assertEquals(CircuitBreakerState.CLOSED, breakers.currentState("provider-" + p), p);
        }
        assertTrue(LocalProvider.MAX_IN_FLIGHT.get() >= 32,
                "streams must be relayed concurrently; the provider saw at most " + LocalProvider.MAX_IN_FLIGHT.get());
    }

    @Test
    void slowCallsAreAllInFlightAtOnceWithoutAThreadEach() {
        List<HttpResponse<String>> responses = all(300, "Say hello. [local:delay=600]", false);
        responses.forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        // A router holding a worker thread per call could not have more calls open than its pool has threads.
        assertTrue(LocalProvider.MAX_IN_FLIGHT.get() >= 250,
                "calls in flight at the provider at once: " + LocalProvider.MAX_IN_FLIGHT.get());
    }

    @Test
    void aProviderConfiguredForHttp2IsCalledOverHttp2AndMultiplexesStreams() {
        int before = LocalProvider.HTTP2.get();
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String body = "{\"model\":\"llama-3.3-70b\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"Say hello. [local:chunks=20,gap=2]\"}]}";
            futures.add(client.sendAsync(HttpRequest.newBuilder(chat).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (HttpResponse<String> r : futures.stream().map(CompletableFuture::join).toList()) {
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("selfhosted", r.headers().firstValue("x-route-provider").orElse(""));
            assertTrue(r.body().endsWith("data: [DONE]\n\n"));
        }
        assertEquals(before + 32, LocalProvider.HTTP2.get(), "every call to the HTTP/2 provider went over HTTP/2");
    }

    @Test
    void aClientThatLeavesMidStreamCancelsTheProviderCallAndIsNoServerError() throws Exception {
        double gone = count("router.client_gone", "stage", "streaming");
        try (Socket socket = new Socket(chat.getHost(), chat.getPort())) {
            String body = "{\"model\":\"auto\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                    + "\"Tell me a long story. [local:chunks=2000,gap=5]\"}]}";
            postChat(socket.getOutputStream(), body);
            InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            byte[] buf = new byte[1024];
            while (seen.indexOf("word3") < 0) {
                int n = in.read(buf);
                assertTrue(n > 0, "stream ended early: " + seen);
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } // the client leaves
        awaitTrue(() -> LocalProvider.ABANDONED.get() >= 1, "the router must cancel the provider call");
        awaitTrue(() -> count("router.client_gone", "stage", "streaming") > gone, "counted as client_gone");
        assertEquals(0, serverErrors(), "a client that left is never a 5xx");
        for (String p : LocalProvider.PROVIDERS) {
            assertEquals(CircuitBreakerState.CLOSED, breakers.currentState("provider-" + p), p);
        }
    }

    @Test
    void aClientThatLeavesWhileItsBodyIsReadIsCountedNotLogged() throws Exception {
        double gone = count("router.client_gone", "stage", "reading_body");
        try (Socket socket = new Socket(chat.getHost(), chat.getPort())) {
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"model\":\"auto\",")
                    .getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            Thread.sleep(100); // the router is now waiting for the rest of the body
        }
        awaitTrue(() -> count("router.client_gone", "stage", "reading_body") > gone, "counted as client_gone");
        assertEquals(0, serverErrors(), "a client that left is never a 5xx");
    }

    /** A chat completion written byte for byte on a raw connection. */
    static void postChat(OutputStream out, String body) throws java.io.IOException {
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "x-route-channel: api\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private double count(String name, String tag, String value) {
        return meters.find(name).tag(tag, value).counters().stream().mapToDouble(Counter::count).sum();
    }

    private long serverErrors() {
        return meters.find("http.server.requests").timers().stream()
                .filter(t -> t.getId().getTag("status") != null && t.getId().getTag("status").startsWith("5"))
                .mapToLong(Timer::count).sum();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(25);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    private static String tail(String s) {
        return s.length() > 300 ? s.substring(s.length() - 300) : s;
    }
}
