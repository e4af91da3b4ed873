package io.policyrouter.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A cancelled stream and the keep-alive pool, over real sockets against a local HTTP server, one connection per
 * provider so that reuse is certain. The case behind the false "Connection was closed" faults: a client hangs up
 * while its stream is paused (the client was slow), the provider's answer has already ended on the wire, and Vert.x
 * has handed the connection to the next call. Resetting the first stream then closed the second call's connection.
 */
class ProviderConnectionReuseTest {

    static final ObjectMapper JSON = new ObjectMapper();

    Vertx vertx;
    HttpServer server;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger closedConnections = new AtomicInteger();
    final CompletableFuture<Void> firstAnswerSent = new CompletableFuture<>();
    final CountDownLatch secondReceived = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        server = vertx.createHttpServer().connectionHandler(c -> {
            connections.incrementAndGet();
            c.closeHandler(v -> closedConnections.incrementAndGet());
        }).requestHandler(req -> req.body().onSuccess(body -> {
            String prompt = body.toJsonObject().getJsonArray("messages").getJsonObject(0).getString("content");
            HttpServerResponse r = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
            switch (prompt) {
                case "fast" -> {
                    for (int i = 0; i < 3; i++) {
                        r.write(event(i));
                    }
                    r.end("data: [DONE]\n\n").onComplete(v -> firstAnswerSent.complete(null));
                }
                case "after" -> {
                    secondReceived.countDown();
                    vertx.setTimer(300, t -> {
                        for (int i = 0; i < 3; i++) {
                            r.write(event(i));
                        }
                        r.end("data: [DONE]\n\n");
                    });
                }
                default -> r.write(event(0)); // "endless": one chunk, then nothing until the caller goes
            }
        }));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static String event(int i) {
        return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
                + "{\"content\":\"t" + i + " \"}}]}\n\n";
    }

    OpenAiProvider provider() {
        return new OpenAiProvider("local", new OneConnection("http://127.0.0.1:" + server.actualPort() + "/v1"),
                null, JSON, vertx, 64 * 1024, 1024 * 1024);
    }

    static ProviderCall call(String prompt) {
        ObjectNode body = JSON.valueToTree(Map.of("model", "m", "stream", true,
                "messages", List.of(Map.of("role", "user", "content", prompt))));
        return new ProviderCall("local", "m", "m", body, FaultPlan.NONE, null);
    }

    /** Records what a stream delivered; pauses its upstream at the first chunk when asked to (a slow client). */
    static final class Sink implements ChatProvider.ChunkSink {
        final AtomicReference<ChatProvider.Upstream> upstream = new AtomicReference<>();
        final boolean pauseAtFirst;
        final List<String> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<String> outcome = new CompletableFuture<>();

        Sink(boolean pauseAtFirst) {
            this.pauseAtFirst = pauseAtFirst;
        }

        @Override
        public void chunk(ObjectNode chunk) {
            events.add(chunk.path("choices").path(0).path("delta").path("content").asText());
            if (pauseAtFirst) {
                upstream.get().pause();
            }
        }

        @Override
        public void ended() {
            outcome.complete("ended");
        }

        @Override
        public void failed(ProviderException e) {
            outcome.complete("failed: " + e.getMessage());
        }
    }

    Sink stream(Context on, OpenAiProvider provider, String prompt, boolean pauseAtFirst) {
        Sink sink = new Sink(pauseAtFirst);
        CountDownLatch started = new CountDownLatch(1);
        on.runOnContext(v -> {
            sink.upstream.set(provider.stream(call(prompt), sink));
            started.countDown();
        });
        await(started);
        return sink;
    }

    /**
     * A slow client's stream, paused at its first chunk while the provider's answer ends on the wire, and a second
     * call that has been handed the same (the only) pooled connection.
     */
    Sink[] pausedStreamAndTheCallReusingItsConnection(Context loop, OpenAiProvider provider) throws Exception {
        Sink first = stream(loop, provider, "fast", true);
        firstAnswerSent.get(10, TimeUnit.SECONDS);
        Thread.sleep(200); // the last bytes reach the client; Vert.x gives the connection back to the pool
        assertFalse(first.outcome.isDone(), "paused: the end waits in the stream's buffer");
        Sink second = stream(loop, provider, "after", false);
        assertTrue(secondReceived.await(10, TimeUnit.SECONDS), "the second call got the pooled connection");
        assertEquals(1, connections.get(), "one connection, reused");
        return new Sink[] {first, second};
    }

    @Test
    void cancellingAPausedStreamWhoseAnswerHasEndedLeavesTheReusedConnectionAlone() throws Exception {
        Context loop = vertx.getOrCreateContext();
        Sink[] calls = pausedStreamAndTheCallReusingItsConnection(loop, provider());
        Sink first = calls[0];
        Sink second = calls[1];

        loop.runOnContext(v -> first.upstream.get().cancel()); // the slow client hangs up

        assertEquals("ended", second.outcome.get(10, TimeUnit.SECONDS), "the other call's connection stays open");
        assertEquals(List.of("t0 ", "t1 ", "t2 "), second.events);
        assertEquals(0, closedConnections.get());
        Thread.sleep(100);
        assertFalse(first.outcome.isDone(), "no callback after a cancel");
    }

    @Test
    void cancellingMidAnswerClosesTheConnectionAndTheNextCallGetsAFreshOne() throws Exception {
        OpenAiProvider provider = provider();
        Context loop = vertx.getOrCreateContext();
        Sink endless = stream(loop, provider, "endless", false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (endless.events.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(List.of("t0 "), endless.events);

        loop.runOnContext(v -> endless.upstream.get().cancel());
        while (closedConnections.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, closedConnections.get(), "a half-read connection is closed, never pooled");

        Sink next = stream(loop, provider, "fast", false);
        assertEquals("ended", next.outcome.get(10, TimeUnit.SECONDS));
        assertEquals(2, connections.get());
        assertFalse(endless.outcome.isDone(), "no callback after a cancel");
    }

    @Test
    void aCancelFromAnotherThreadIsCarriedOutOnTheStreamsLoop() throws Exception {
        Sink[] calls = pausedStreamAndTheCallReusingItsConnection(vertx.getOrCreateContext(), provider());

        calls[0].upstream.get().cancel(); // from the test thread, not the loop

        assertEquals("ended", calls[1].outcome.get(10, TimeUnit.SECONDS));
        assertEquals(0, closedConnections.get());
    }

    static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** A provider entry with one HTTP/1.1 connection, so that the second call must reuse the first one's. */
    record OneConnection(String url) implements ProvidersConfig.Provider {
        public ProvidersConfig.Kind kind() {
            return ProvidersConfig.Kind.OPENAI;
        }

        public Optional<String> baseUrl() {
            return Optional.of(url);
        }

        public Optional<String> apiKeyEnv() {
            return Optional.empty();
        }

        public String authHeader() {
            return "Authorization";
        }

        public Map<String, String> headers() {
            return Map.of();
        }

        public Map<String, String> models() {
            return Map.of();
        }

        public Duration connectTimeout() {
            return Duration.ofSeconds(5);
        }

        public Duration readTimeout() {
            return Duration.ofSeconds(30);
        }

        public int maxConnections() {
            return 1;
        }

        public int maxInFlight() {
            return 100;
        }

        public Duration keepAliveTimeout() {
            return Duration.ofSeconds(60);
        }

        public ProvidersConfig.Http2 http2() {
            return ProvidersConfig.Http2.NEVER;
        }

        public int http2Connections() {
            return 1;
        }

        @Override
        public boolean streamUsage() {
            return true;
        }
    }
}
