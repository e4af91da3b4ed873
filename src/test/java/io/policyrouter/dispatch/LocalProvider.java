package io.policyrouter.dispatch;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real OpenAI-compatible HTTP provider for concurrency tests: a Vert.x server on a loopback port with keep-alive
 * (the pool behaviour that production providers have), serving every catalog provider at /&lt;name&gt;/v1. A marker
 * in the last user message shapes the answer: {@code [local:delay=400]} answers after 400 ms,
 * {@code [local:chunks=200,gap=10]} streams 200 chunks 10 ms apart ({@code pad=4000} adds that many spaces to
 * each). It counts calls, calls in flight (and the most at once), connections opened and responses its clients
 * abandoned mid-answer.
 */
public class LocalProvider implements QuarkusTestResourceLifecycleManager {

    public static final AtomicInteger CALLS = new AtomicInteger();
    public static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    public static final AtomicInteger MAX_IN_FLIGHT = new AtomicInteger();
    public static final AtomicInteger CONNECTIONS = new AtomicInteger();
    public static final AtomicInteger ABANDONED = new AtomicInteger();
    /** Calls that arrived over HTTP/2. */
    public static final AtomicInteger HTTP2 = new AtomicInteger();
    static final String[] PROVIDERS = {"openai", "anthropic", "google", "mistral", "selfhosted"};
    private static final Pattern MARKER = Pattern.compile("\\[local:([^\\]]*)]");

    private Vertx vertx;
    private HttpServer server;

    public static void reset() {
        CALLS.set(0);
        MAX_IN_FLIGHT.set(IN_FLIGHT.get());
        ABANDONED.set(0);
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        CompletableFuture<HttpServer> started = new CompletableFuture<>();
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setIdleTimeout(120))
                .connectionHandler(c -> CONNECTIONS.incrementAndGet())
                .requestHandler(this::handle)
                .listen().onSuccess(started::complete).onFailure(started::completeExceptionally);
        try {
            server = started.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> config = new TreeMap<>();
        for (String p : PROVIDERS) {
            config.put("router.providers." + p + ".kind", "openai");
            config.put("router.providers." + p + ".base-url", "http://127.0.0.1:" + server.actualPort() + "/" + p + "/v1");
        }
        config.put("router.simulator.enabled", "false");
        // One provider over HTTP/2 (h2c with prior knowledge: the local server speaks both)
        config.put("router.providers.selfhosted.http2", "always");
        return config;
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    private void handle(HttpServerRequest req) {
        req.body().onSuccess(body -> {
            CALLS.incrementAndGet();
            if (req.version() == io.vertx.core.http.HttpVersion.HTTP_2) {
                HTTP2.incrementAndGet();
            }
            MAX_IN_FLIGHT.accumulateAndGet(IN_FLIGHT.incrementAndGet(), Math::max);
            JsonObject request = body.toJsonObject();
            JsonArray messages = request.getJsonArray("messages", new JsonArray());
            String text = messages.isEmpty() ? "" : messages.getJsonObject(messages.size() - 1).getString("content", "");
            Map<String, Integer> marker = marker(text);
            HttpServerResponse resp = req.response();
            boolean[] done = {false};
            resp.closeHandler(v -> {
                if (!done[0]) {
                    done[0] = true;
                    IN_FLIGHT.decrementAndGet();
                    ABANDONED.incrementAndGet();
                }
            });
            Runnable finished = () -> {
                if (!done[0]) {
                    done[0] = true;
                    IN_FLIGHT.decrementAndGet();
                }
            };
            String model = request.getString("model", "local");
            vertx.setTimer(Math.max(1, marker.getOrDefault("delay", 1)), id -> {
                if (done[0]) {
                    return;
                }
                if (request.getBoolean("stream", false)) {
                    stream(resp, model, marker.getOrDefault("chunks", 8), marker.getOrDefault("gap", 0),
                            " ".repeat(marker.getOrDefault("pad", 0)), finished);
                } else {
                    resp.putHeader("Content-Type", "application/json").end(completion(model).encode());
                    finished.run();
                }
            });
        });
    }

    private void stream(HttpServerResponse resp, String model, int chunks, int gap, String pad, Runnable finished) {
        resp.setChunked(true).putHeader("Content-Type", "text/event-stream");
        resp.write("data: " + chunk(model, "", null, true).encode() + "\n\n");
        int[] sent = {0};
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (resp.closed()) {
                return;
            }
            if (sent[0] < chunks) {
                sent[0]++;
                resp.write("data: " + chunk(model, " word" + sent[0] + pad, null, false).encode() + "\n\n");
                if (gap > 0) {
                    vertx.setTimer(gap, id -> next[0].run());
                } else {
                    vertx.runOnContext(v -> next[0].run());
                }
                return;
            }
            resp.write("data: " + chunk(model, "", "stop", false).encode() + "\n\n");
            resp.end("data: [DONE]\n\n");
            finished.run();
        };
        next[0].run();
    }

    private static JsonObject completion(String model) {
        return new JsonObject().put("id", "chatcmpl-local").put("object", "chat.completion").put("model", model)
                .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("finish_reason", "stop")
                        .put("message", new JsonObject().put("role", "assistant").put("content", "hello from local"))))
                .put("usage", new JsonObject().put("prompt_tokens", 10).put("completion_tokens", 3)
                        .put("total_tokens", 13));
    }

    private static JsonObject chunk(String model, String content, String finish, boolean role) {
        JsonObject delta = new JsonObject().put("content", content);
        if (role) {
            delta.put("role", "assistant");
        }
        return new JsonObject().put("id", "chatcmpl-local").put("object", "chat.completion.chunk").put("model", model)
                .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("delta", delta)
                        .put("finish_reason", finish)));
    }

    private static Map<String, Integer> marker(String text) {
        Map<String, Integer> out = new TreeMap<>();
        Matcher m = MARKER.matcher(text);
        if (m.find()) {
            for (String kv : m.group(1).split(",")) {
                String[] p = kv.split("=");
                if (p.length == 2) {
                    out.put(p[0].trim(), Integer.parseInt(p[1].trim()));
                }
            }
        }
        return out;
    }
}
