package io.policyrouter.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.MultiMap;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Any OpenAI-compatible chat-completions API (OpenAI, Azure OpenAI v1, vLLM, Ollama, gateways) over pooled,
 * non-blocking Vert.x HTTP clients: no thread waits for an answer, one connection per call in flight (HTTP/1.1) or
 * many calls per connection (HTTP/2), kept alive between calls. Every failure is classified into a
 * {@link ProviderException}; timeouts, retries and the breaker are the chain runner's.
 *
 * <p>A connection goes back to the pool only when its response has been read to the end; a call cancelled before that
 * (failover, timeout, client gone) resets its request, which closes an HTTP/1.1 connection. The hard part is knowing
 * which of the two it is: Vert.x hands a connection back to the pool as soon as the answer's last byte arrives, while
 * the end event may still wait in a paused stream's buffer, and it closes the connection of any reset stream whose
 * answer has ended, even when that connection already serves the next call. So each event loop has its own client
 * (a call, its connection and its cancel share one thread), and a cancel first drains what was buffered: a stream
 * whose end was waiting there is left to the pool, never reset.
 */
final class OpenAiProvider implements ChatProvider {

    private static final String DONE = "[DONE]";
    private static final Logger LOG = Logger.getLogger(OpenAiProvider.class);

    private final String name;
    private final ObjectMapper json;
    private final Vertx vertx;
    /** One client per event loop, used only from that loop; {@link #loops} gives the index. */
    private final HttpClient[] clients;
    private final List<EventExecutor> loops = new ArrayList<>();
    private final RequestOptions template;
    private final MultiMap headers;
    private final int maxEventBytes;
    private final int maxAnswerBytes;

    OpenAiProvider(String name, ProvidersConfig.Provider config, String apiKey, ObjectMapper json, Vertx vertx,
                   int maxEventBytes, int maxAnswerBytes) {
        this.name = name;
        this.json = json;
        this.maxEventBytes = maxEventBytes;
        this.maxAnswerBytes = maxAnswerBytes;
        URI base = URI.create(config.baseUrl().orElseThrow().replaceAll("/+$", ""));
        boolean tls = "https".equalsIgnoreCase(base.getScheme());
        int port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
        HttpClientOptions options = new HttpClientOptions()
                .setDefaultHost(base.getHost()).setDefaultPort(port).setSsl(tls)
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setIdleTimeout((int) Math.max(1, config.readTimeout().toSeconds()))
                .setKeepAlive(true).setKeepAliveTimeout((int) Math.max(1, config.keepAliveTimeout().toSeconds()))
                .setTcpNoDelay(true).setTryUseCompression(false).setName("provider-" + name);
        if (config.http2() == ProvidersConfig.Http2.ALWAYS || tls && config.http2() == ProvidersConfig.Http2.AUTO) {
            options.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(tls).setHttp2ClearTextUpgrade(false)
                    .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
        }
        vertx.nettyEventLoopGroup().forEach(loops::add);
        int n = Math.max(1, loops.size());
        this.vertx = vertx;
        this.clients = new HttpClient[n];
        for (int i = 0; i < n; i++) {
            PoolOptions pool = new PoolOptions()
                    // The configured totals, shared out across the event loops' clients.
                    .setHttp1MaxSize(Math.max(1, ceilDiv(config.maxConnections(), n)))
                    .setHttp2MaxSize(Math.max(1, ceilDiv(config.http2Connections(), n)))
                    // The chain runner caps calls in flight per provider; the pool never queues more than that.
                    .setMaxWaitQueueSize(config.maxInFlight());
            clients[i] = vertx.httpClientBuilder()
                    .with(new HttpClientOptions(options).setName("provider-" + name + "-" + i)).with(pool)
                    // A provider's broken answer fails its own call, classified and in the attempt record; handled
                    // here, Vert.x does not log it a second time as an unhandled ERROR of the connection.
                    .withConnectHandler(c -> c.exceptionHandler(e -> LOG.debugf("provider %s connection: %s", name,
                            String.valueOf(e.getMessage()))))
                    .build();
        }
        this.template = new RequestOptions().setMethod(HttpMethod.POST)
                .setURI(base.getRawPath() + "/chat/completions");
        this.headers = MultiMap.caseInsensitiveMultiMap();
        config.headers().forEach(headers::set);
        if (apiKey != null) {
            boolean bearer = config.authHeader().equalsIgnoreCase("Authorization");
            headers.set(config.authHeader(), bearer ? "Bearer " + apiKey : apiKey);
        }
        headers.set(HttpHeaders.CONTENT_TYPE, "application/json");
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** This event loop's client, or null when the caller is not on one of the event loops. */
    private HttpClient clientOfThisLoop() {
        for (int i = 0; i < loops.size(); i++) {
            if (loops.get(i).inEventLoop()) {
                return clients[i];
            }
        }
        return null;
    }

    @Override
    public String kind() {
        return "openai";
    }

    @Override
    public Call complete(ProviderCall call, Completion done) {
        Exchange x = new Exchange();
        x.start(call, false, response -> {
            identify(response, done);
            // Read with a bound: a provider that never stops answering must not take the heap of every other call.
            Buffer answer = Buffer.buffer();
            response.handler(chunk -> {
                if (x.cancelled || x.failed) {
                    return;
                }
                if (answer.length() + chunk.length() > maxAnswerBytes) {
                    x.fail(done::failed, ProviderException.of(Outcome.BAD_RESPONSE, name + " answered more than "
                            + maxAnswerBytes + " bytes"));
                    return;
                }
                answer.appendBuffer(chunk);
            });
            response.exceptionHandler(e -> {
                x.ended = true; // failed: the connection is no longer this call's
                if (!x.cancelled && !x.failed) {
                    x.failed = true;
                    done.failed(classify(e));
                }
            });
            response.endHandler(v -> {
                x.ended = true; // read to the end: the connection goes back to the pool
                if (x.cancelled || x.failed) {
                    return;
                }
                String text = answer.toString();
                if (response.statusCode() >= 300) {
                    done.failed(ProviderException.http(response.statusCode(), parse(text), retryAfter(response)));
                    return;
                }
                JsonNode parsed = parse(text);
                if (parsed == null || !parsed.isObject() || !parsed.path("choices").isArray()
                        || parsed.path("choices").isEmpty()) {
                    done.failed(ProviderException.of(Outcome.BAD_RESPONSE, name + " answered "
                            + response.statusCode() + " without a chat completion"));
                    return;
                }
                done.answered((ObjectNode) parsed);
            });
        }, done::failed);
        return x;
    }

    @Override
    public Upstream stream(ProviderCall call, ChunkSink sink) {
        Exchange x = new Exchange();
        x.start(call, true, response -> {
            identify(response, sink);
            if (response.statusCode() >= 300) {
                response.body().onComplete(body -> {
                    x.ended = true;
                    if (!x.cancelled) {
                        sink.failed(body.failed() ? classify(body.cause()) : ProviderException.http(
                                response.statusCode(), parse(body.result().toString()), retryAfter(response)));
                    }
                });
                return;
            }
            SseDecoder decoder = new SseDecoder(data -> {
                if (x.cancelled || x.failed || DONE.equals(data.trim())) {
                    return;
                }
                JsonNode chunk = parse(data);
                if (chunk == null || !chunk.isObject()) {
                    x.fail(sink::failed, ProviderException.of(Outcome.BAD_RESPONSE,
                            name + " streamed an event that is not JSON"));
                } else if (chunk.has("error")) {
                    // OpenAI reports a failure inside an already started stream as an error event.
                    x.fail(sink::failed, ProviderException.http(500, chunk, null));
                } else {
                    sink.chunk((ObjectNode) chunk);
                }
            }, maxEventBytes);
            response.handler(buffer -> {
                if (x.cancelled || x.failed) {
                    return;
                }
                try {
                    decoder.feed(buffer);
                } catch (IllegalStateException tooLarge) {
                    x.fail(sink::failed, ProviderException.of(Outcome.BAD_RESPONSE,
                            name + " streamed " + tooLarge.getMessage()));
                }
            });
            response.exceptionHandler(e -> {
                if (!x.cancelled && !x.failed && !x.ended) {
                    x.fail(sink::failed, classify(e));
                }
            });
            response.endHandler(v -> {
                x.ended = true; // read to the end: the connection goes back to the pool
                if (!x.cancelled && !x.failed) {
                    sink.ended();
                }
            });
        }, sink::failed);
        return x;
    }

    /** Passes on the provider's id for the call: OpenAI's and most others' x-request-id, Anthropic's request-id. */
    private static void identify(HttpClientResponse response, ChatProvider.Identified to) {
        String id = response.getHeader("x-request-id");
        if (id == null) {
            id = response.getHeader("request-id");
        }
        if (id != null && (id = requestId(id)) != null) {
            to.identified(id);
        }
    }

    /** An id as it may be logged and sent back in a header: at most 128 characters of [A-Za-z0-9._:-], else none. */
    static String requestId(String raw) {
        String id = raw.trim();
        if (id.isEmpty() || id.length() > 128) {
            return null;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == ':' || c == '-')) {
                return null;
            }
        }
        return id;
    }

    /**
     * One HTTP exchange: obtains a pooled connection, sends the body, hands over the response; cancellable. Runs on
     * one event loop: callers on another thread are moved onto it.
     */
    private final class Exchange implements Upstream {
        // Set once by start(); volatile so that a caller on another thread sees where to queue its action.
        private volatile Context context;
        private volatile Thread owner;
        private HttpClientRequest request;
        private HttpClientResponse response;
        private volatile boolean cancelled;
        private boolean ended;
        private boolean failed;
        private boolean paused;

        void start(ProviderCall call, boolean stream, java.util.function.Consumer<HttpClientResponse> onResponse,
                   java.util.function.Consumer<ProviderException> onFailure) {
            HttpClient client = clientOfThisLoop();
            if (client == null) {
                Context target = vertx.getOrCreateContext();
                if (target.isEventLoopContext() && context == null) {
                    context = target; // marks the hop, so that it is made once
                    target.runOnContext(v -> start(call, stream, onResponse, onFailure));
                    return;
                }
                client = clients[0]; // a worker context: its callbacks arrive in order, on some thread
            }
            context = Vertx.currentContext();
            owner = Thread.currentThread();
            if (cancelled) {
                return;
            }
            byte[] body;
            try {
                body = json.writeValueAsBytes(call.body());
            } catch (JsonProcessingException e) {
                onFailure.accept(ProviderException.of(Outcome.BAD_RESPONSE, "request body: " + e.getMessage()));
                return;
            }
            MultiMap h = MultiMap.caseInsensitiveMultiMap().addAll(headers)
                    .set(HttpHeaders.ACCEPT, stream ? "text/event-stream" : "application/json");
            if (call.trace() != null) {
                h.set("traceparent", call.trace().traceparent());
                if (call.trace().tracestate() != null) {
                    h.set("tracestate", call.trace().tracestate());
                }
            }
            RequestOptions options = new RequestOptions(template).setHeaders(h);
            client.request(options).onComplete(obtained -> {
                if (obtained.failed()) {
                    if (!cancelled) {
                        onFailure.accept(classify(obtained.cause()));
                    }
                    return;
                }
                request = obtained.result();
                if (cancelled) {
                    request.reset(); // never sent: gives the connection back
                    return;
                }
                request.send(Buffer.buffer(body)).onComplete(sent -> {
                    if (sent.failed()) {
                        ended = true;
                        if (!cancelled) {
                            onFailure.accept(classify(sent.cause()));
                        }
                        return;
                    }
                    response = sent.result();
                    if (cancelled) {
                        release(); // cancelled while the head was on its way
                        return;
                    }
                    if (paused) {
                        response.pause();
                    }
                    onResponse.accept(response);
                });
            });
        }

        /** Ends the call with a failure it found itself: the rest of the answer is dropped, the connection given up. */
        void fail(java.util.function.Consumer<ProviderException> to, ProviderException e) {
            failed = true;
            release();
            to.accept(e);
        }

        @Override
        public void pause() {
            onOwner(() -> {
                paused = true;
                if (response != null) {
                    response.pause();
                }
            });
        }

        @Override
        public void resume() {
            onOwner(() -> {
                paused = false;
                if (response != null && !cancelled && !failed) {
                    response.resume();
                }
            });
        }

        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            onOwner(this::release);
        }

        /** On the exchange's own thread (at once when already there): the order of events stays that of the loop. */
        private void onOwner(Runnable action) {
            Context c = context;
            if (c == null || owner == Thread.currentThread()) {
                action.run(); // not started yet: start() sees the flags
            } else {
                c.runOnContext(v -> action.run());
            }
        }

        /**
         * Gives the connection up after a cancel or a failure: left to the pool when the answer has been read to the
         * end, closed when it is mid-answer. An answer that ended on the wire while the stream was paused has its end
         * waiting in the stream's buffer, and its connection may already serve another call: draining the buffer
         * first (the drain runs before the check, both queued to this loop) tells the two apart.
         */
        private void release() {
            if (request == null || ended) {
                return;
            }
            if (response == null) {
                request.reset(); // the head has not arrived: the connection is this call's, mid-exchange
                return;
            }
            response.resume(); // the handlers drop what follows a cancel or a failure
            context.runOnContext(v -> {
                if (!ended) {
                    request.reset(); // mid-answer: the connection is closed, never reused half-read
                }
            });
        }
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private ProviderException classify(Throwable e) {
        if (e instanceof ProviderException p) {
            return p;
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("max wait queue size")) {
            // Our own pool limit, not the provider's fault: never counted by its breaker.
            return ProviderException.of(Outcome.SHED, name + ": connection pool full");
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return ProviderException.of(Outcome.TIMEOUT, name + ": " + t.getMessage());
            }
        }
        if (e instanceof IOException || e.getClass().getName().startsWith("io.vertx")
                || e.getClass().getName().startsWith("io.netty")) {
            return ProviderException.of(Outcome.CONNECTION_ERROR, name + ": " + e.getClass().getSimpleName()
                    + (message.isEmpty() ? "" : ": " + message));
        }
        return ProviderException.of(Outcome.CONNECTION_ERROR, name + ": " + e);
    }

    private static java.time.Duration retryAfter(HttpClientResponse r) {
        return RetryAfter.parse(r.getHeader("retry-after-ms"), r.getHeader("Retry-After"), Instant.now());
    }
}
