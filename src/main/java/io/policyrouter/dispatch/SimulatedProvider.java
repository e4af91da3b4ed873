package io.policyrouter.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.catalog.ModelProfile;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * The built-in provider: answers every catalog model deterministically (the same model and prompt give the same
 * text, streamed or not), after the model's catalog p50 scaled by router.simulator.latency-scale, and injects the
 * faults of the request's {@link FaultPlan}. It never blocks a thread: delays are Vert.x timers.
 */
@ApplicationScoped
public class SimulatedProvider {

    static final String REFUSAL = "I'm sorry, but I can't help with that.";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ModelCatalog catalog;
    private final SimulatorConfig config;
    private final MeterRegistry meters;
    private final Vertx vertx;

    public SimulatedProvider(ModelCatalog catalog, SimulatorConfig config, MeterRegistry meters, Vertx vertx) {
        this.catalog = catalog;
        this.config = config;
        this.meters = meters;
        this.vertx = vertx;
    }

    /** The simulator as the provider called {@code name}. */
    public ChatProvider as(String name) {
        return new ChatProvider() {
            @Override
            public String kind() {
                return "simulated";
            }

            @Override
            public Call complete(ProviderCall call, Completion done) {
                return SimulatedProvider.this.complete(name, call, done);
            }

            @Override
            public Upstream stream(ProviderCall call, ChunkSink sink) {
                return SimulatedProvider.this.stream(name, call, sink);
            }
        };
    }

    ChatProvider.Call complete(String provider, ProviderCall call, ChatProvider.Completion done) {
        FaultPlan.Fault fault = call.faults().next(call.model(), provider);
        count(provider, call, fault);
        Timers timers = new Timers();
        if (fault != null && fault.kind() == FaultPlan.Kind.TIMEOUT) {
            return timers; // never answers
        }
        ProviderException failure = fault != null && (fault.kind() == FaultPlan.Kind.STATUS
                || fault.kind() == FaultPlan.Kind.CONTEXT_LENGTH || fault.kind() == FaultPlan.Kind.DROP)
                ? failure(fault, call) : null;
        timers.after(latency(call.model(), fault), () -> {
            if (failure != null) {
                done.failed(failure);
            } else {
                done.answered(completion(call, content(call, fault)));
            }
        });
        return timers;
    }

    ChatProvider.Upstream stream(String provider, ProviderCall call, ChatProvider.ChunkSink sink) {
        FaultPlan.Fault fault = call.faults().next(call.model(), provider);
        count(provider, call, fault);
        Timers timers = new Timers();
        if (fault != null && fault.kind() == FaultPlan.Kind.TIMEOUT) {
            return timers;
        }
        if (fault != null && (fault.kind() == FaultPlan.Kind.STATUS || fault.kind() == FaultPlan.Kind.CONTEXT_LENGTH
                || fault.kind() == FaultPlan.Kind.DROP)) {
            ProviderException e = failure(fault, call);
            timers.after(latency(call.model(), fault), () -> sink.failed(e));
            return timers;
        }
        List<ObjectNode> chunks = chunks(call, content(call, fault));
        int cutAfter = fault != null && fault.kind() == FaultPlan.Kind.CUT
                ? Math.min(fault.afterChunks(), chunks.size()) : -1;
        Duration gap = fault != null && fault.chunkDelay() != null ? fault.chunkDelay() : config.chunkDelay();
        timers.stream(latency(call.model(), fault), gap, chunks, cutAfter, sink);
        return timers;
    }

    /**
     * The simulator's clock: Vert.x timers on the caller's context, so no thread sleeps and every callback comes on
     * the event loop that made the call. Paused streams stop scheduling their next chunk.
     */
    private final class Timers implements ChatProvider.Upstream {
        private long timer = -1;
        private boolean cancelled;
        private boolean paused;
        private Runnable next;

        void after(Duration delay, Runnable action) {
            if (delay.toMillis() <= 0) {
                vertx.runOnContext(v -> {
                    if (!cancelled) {
                        action.run();
                    }
                });
                return;
            }
            timer = vertx.setTimer(delay.toMillis(), id -> {
                timer = -1;
                if (!cancelled) {
                    action.run();
                }
            });
        }

        void stream(Duration first, Duration gap, List<ObjectNode> chunks, int cutAfter,
                    ChatProvider.ChunkSink sink) {
            Iterator<ObjectNode> it = chunks.iterator();
            int[] sent = {0};
            Runnable[] step = new Runnable[1];
            step[0] = () -> {
                if (cutAfter >= 0 && sent[0] == cutAfter) {
                    sink.failed(ProviderException.of(Outcome.CONNECTION_ERROR,
                            "simulated connection reset after " + cutAfter + " chunks"));
                    return;
                }
                if (!it.hasNext()) {
                    sink.ended();
                    return;
                }
                sink.chunk(it.next());
                sent[0]++;
                schedule(gap, step[0]);
            };
            schedule(first, step[0]);
        }

        private void schedule(Duration delay, Runnable action) {
            if (cancelled) {
                return;
            }
            if (paused) {
                next = action;
                return;
            }
            after(delay, () -> {
                if (paused) {
                    next = action;
                } else {
                    action.run();
                }
            });
        }

        @Override
        public void pause() {
            paused = true;
        }

        @Override
        public void resume() {
            paused = false;
            Runnable action = next;
            next = null;
            if (action != null && !cancelled) {
                after(Duration.ZERO, action);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }
    }

    private void count(String provider, ProviderCall call, FaultPlan.Fault fault) {
        meters.counter("router.simulator.calls", "provider", provider, "model", call.model(), "fault",
                fault == null ? "none" : fault.kind() == FaultPlan.Kind.STATUS ? String.valueOf(fault.status())
                        : fault.kind().name().toLowerCase(java.util.Locale.ROOT)).increment();
    }

    private Duration latency(String model, FaultPlan.Fault fault) {
        double scale = config.latencyScale();
        long ms = scale <= 0 ? 0 : Math.round(catalog.find(model).map(ModelProfile::p50Ms).orElse(0) * scale);
        return Duration.ofMillis(ms).plus(fault == null ? Duration.ZERO : fault.latency());
    }

    private ProviderException failure(FaultPlan.Fault fault, ProviderCall call) {
        if (fault.kind() == FaultPlan.Kind.DROP) {
            return ProviderException.of(Outcome.CONNECTION_ERROR, "simulated connection drop");
        }
        if (fault.kind() == FaultPlan.Kind.CONTEXT_LENGTH) {
            int window = catalog.find(call.model()).map(ModelProfile::contextWindow).orElse(0);
            return ProviderException.http(400, error("This model's maximum context length is " + window
                    + " tokens. However, your messages resulted in more tokens.", "invalid_request_error",
                    "messages", "context_length_exceeded"), null);
        }
        return ProviderException.http(fault.status(), errorFor(fault.status(), call.upstreamModel()),
                fault.retryAfter());
    }

    /** OpenAI's error bodies for the injected status codes, so clients and SDKs see what a real provider sends. */
    static ObjectNode errorFor(int status, String model) {
        return switch (status) {
            case 400 -> error("Simulated invalid request.", "invalid_request_error", null, "invalid_request");
            case 401 -> error("Incorrect API key provided (simulated).", "invalid_request_error", null,
                    "invalid_api_key");
            case 403 -> error("You are not allowed to use this model (simulated).", "permission_error", null,
                    "permission_denied");
            case 404 -> error("The model '" + model + "' does not exist (simulated).", "invalid_request_error",
                    "model", "model_not_found");
            case 422 -> error("Simulated unprocessable request.", "invalid_request_error", null,
                    "unprocessable_entity");
            case 429 -> error("Rate limit reached for " + model + " (simulated).", "requests", null,
                    "rate_limit_exceeded");
            default -> error(status >= 500 ? "The server had an error while processing your request (simulated "
                    + status + ")." : "Simulated HTTP " + status + ".", status >= 500 ? "server_error"
                    : "invalid_request_error", null, null);
        };
    }

    static ObjectNode error(String message, String type, String param, String code) {
        ObjectNode body = JSON.objectNode();
        ObjectNode e = body.putObject("error");
        e.put("message", message).put("type", type).put("param", param).put("code", code);
        return body;
    }

    /** The answer text: deterministic in (model, prompt), shaped by response_format, or the injected bad answer. */
    String content(ProviderCall call, FaultPlan.Fault fault) {
        if (fault != null && fault.kind() == FaultPlan.Kind.EMPTY) {
            return "";
        }
        if (fault != null && fault.kind() == FaultPlan.Kind.REFUSE) {
            return REFUSAL;
        }
        String prompt = lastUserText(call.body());
        String ref = ref(call.model(), prompt);
        JsonNode format = call.body().path("response_format");
        String type = format.path("type").asText("text");
        if (type.equals("json_object") || type.equals("json_schema")) {
            if (fault != null && fault.kind() == FaultPlan.Kind.INVALID_JSON) {
                return "{\"model\": \"" + call.model() + "\", \"answer\": ";
            }
            ObjectNode json = JSON.objectNode();
            JsonNode properties = format.path("json_schema").path("schema").path("properties");
            if (properties.isObject() && !properties.isEmpty()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> p = it.next();
                    json.set(p.getKey(), placeholder(p.getValue().path("type").asText("string"), ref));
                }
            } else {
                json.put("model", call.model()).put("answer", "simulated").put("ref", ref);
            }
            return json.toString();
        }
        if (fault != null && fault.kind() == FaultPlan.Kind.INVALID_JSON) {
            return "{\"not\": json";
        }
        return "Simulated answer from " + call.model() + ": this deterministic reply stands in for a real model"
                + " and was derived from a " + words(prompt) + "-word prompt (ref " + ref + ").";
    }

    private static JsonNode placeholder(String type, String ref) {
        return switch (type) {
            case "integer", "number" -> JSON.numberNode(0);
            case "boolean" -> JSON.booleanNode(false);
            case "array" -> JSON.arrayNode();
            case "object" -> JSON.objectNode();
            case "null" -> JSON.nullNode();
            default -> JSON.textNode("simulated " + ref);
        };
    }

    private ObjectNode completion(ProviderCall call, String content) {
        ObjectNode r = head(call, "chat.completion");
        ObjectNode choice = r.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content).putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        r.set("usage", usage(call, content));
        return r;
    }

    private List<ObjectNode> chunks(ProviderCall call, String content) {
        ObjectNode template = head(call, "chat.completion.chunk");
        List<ObjectNode> out = new ArrayList<>();
        out.add(chunk(template, JSON.objectNode().put("role", "assistant").put("content", ""), null));
        for (String piece : pieces(content)) {
            out.add(chunk(template, JSON.objectNode().put("content", piece), null));
        }
        out.add(chunk(template, JSON.objectNode(), "stop"));
        if (call.body().path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode usage = template.deepCopy();
            usage.putArray("choices");
            usage.set("usage", usage(call, content));
            out.add(usage);
        }
        return out;
    }

    private static ObjectNode chunk(ObjectNode template, ObjectNode delta, String finish) {
        ObjectNode c = template.deepCopy();
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finish);
        return c;
    }

    /** Word-sized pieces (each keeps its leading space) so a stream has many chunks. */
    static List<String> pieces(String content) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= content.length(); i++) {
            if (i == content.length() || content.charAt(i) == ' ') {
                out.add(content.substring(start, i));
                start = i;
            }
        }
        return out;
    }

    private static ObjectNode head(ProviderCall call, String object) {
        ObjectNode r = JSON.objectNode();
        r.put("id", "chatcmpl-sim-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
        r.put("object", object);
        r.put("created", System.currentTimeMillis() / 1000);
        r.put("model", call.upstreamModel());
        r.put("system_fingerprint", "simulated");
        return r;
    }

    private static ObjectNode usage(ProviderCall call, String content) {
        int prompt = 0;
        for (JsonNode m : call.body().path("messages")) {
            prompt += 4 + text(m.path("content")).length() / 4;
        }
        int completion = content.isEmpty() ? 0 : pieces(content).size();
        return JSON.objectNode().put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
    }

    static String lastUserText(ObjectNode body) {
        JsonNode messages = body.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asText())) {
                return text(messages.get(i).path("content"));
            }
        }
        return "";
    }

    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("text").isTextual()) {
                sb.append(part.path("text").asText());
            }
        }
        return sb.toString();
    }

    private static String ref(String model, String prompt) {
        CRC32 crc = new CRC32();
        crc.update((model + '\n' + prompt).getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    private static int words(String text) {
        int n = 0;
        boolean in = false;
        for (int i = 0; i < text.length(); i++) {
            boolean w = !Character.isWhitespace(text.charAt(i));
            n += w && !in ? 1 : 0;
            in = w;
        }
        return n;
    }
}
