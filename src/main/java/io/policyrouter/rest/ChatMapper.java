package io.policyrouter.rest;

import io.policyrouter.policy.Decision;
import io.policyrouter.vocabulary.RouteRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.policyrouter.dispatch.Attempt;
import io.policyrouter.dispatch.ChatRequest;
import io.policyrouter.dispatch.DispatchResult;
import io.policyrouter.dispatch.FaultInjection;
import io.policyrouter.dispatch.FaultPlan;
import io.policyrouter.dispatch.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The OpenAI chat-completions wire format to the domain and back. Routing context comes from x-route-* headers or the
 * request's {@code metadata} (a header wins) and is validated by {@link RouteMapper}, whose errors are renamed to the
 * header or metadata key the value came from.
 */
@ApplicationScoped
public class ChatMapper {

    static final String AUTO = "auto";

    /** Header -> the routing field (also the metadata key) it sets. */
    static final Map<String, String> CONTEXT_HEADERS = headers(
            "x-route-tenant", "tenant", "x-route-user-tier", "user_tier", "x-route-channel", "channel",
            "x-route-confidence", "required_confidence", "x-route-latency-budget-ms", "latency_budget_ms",
            "x-route-region", "data_region", "x-route-conversation-id", "conversation_id",
            "x-route-previous-model", "previous_model", "x-route-tags", "tags");

    private final RouteMapper route;
    private final FaultInjection faults;
    private final ObjectMapper json;

    public ChatMapper(RouteMapper route, FaultInjection faults, ObjectMapper json) {
        this.route = route;
        this.faults = faults;
        this.json = json;
    }

    // ------------------------------------------------------------------ request

    /** {@code headers} looks a request header up by name (case-insensitive), null when absent. */
    public ChatRequest toDomain(ObjectNode body, Function<String, String> headers) {
        if (body == null) {
            throw new BadRequestException("body", "a JSON object with 'messages' is required");
        }
        String pin = pin(body.get("model"));
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw new BadRequestException("stream", "stream must be true or false");
        }
        Map<String, String> context = new LinkedHashMap<>();
        Map<String, String> source = new LinkedHashMap<>();
        JsonNode metadata = body.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            throw new BadRequestException("metadata", "metadata must be an object of string values");
        }
        for (String field : CONTEXT_HEADERS.values()) {
            JsonNode v = metadata == null ? null : metadata.get(field);
            if (v != null && v.isValueNode() && !v.isNull()) {
                context.put(field, v.asText());
                source.put(field, "metadata." + field);
            }
        }
        CONTEXT_HEADERS.forEach((header, field) -> {
            String v = headers.apply(header);
            if (v != null && !v.isBlank()) {
                context.put(field, v.trim());
                source.put(field, header);
            }
        });
        RouteRequestBody routing = new RouteRequestBody(messages(body.get("messages")), null, context.get("tenant"),
                context.get("user_tier"), context.get("channel"), integer(context, source, "latency_budget_ms"),
                context.get("required_confidence"), context.get("data_region"), context.get("conversation_id"),
                context.get("previous_model"), pin, tags(context.get("tags")), maxTokens(body));
        RouteRequest request;
        try {
            request = route.toDomain(routing);
        } catch (BadRequestException e) {
            throw new BadRequestException(source.getOrDefault(e.field(), e.field()), e.getMessage());
        }
        FaultPlan plan;
        try {
            plan = faults.plan(headers.apply(FaultInjection.HEADER));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(FaultInjection.HEADER, e.getMessage());
        }
        return new ChatRequest(request, upstreamBody(body), stream != null && stream.asBoolean(), plan,
                TraceContext.of(headers.apply("traceparent"), headers.apply("tracestate")));
    }

    private String pin(JsonNode model) {
        if (model == null || model.isNull()) {
            return null;
        }
        if (!model.isTextual()) {
            throw new BadRequestException("model", "model must be a string: \"auto\" or a catalog model id");
        }
        String id = model.asText().trim();
        // An unknown id is refused by the routing service (404 model_not_found), like every pin.
        return id.isEmpty() || id.equalsIgnoreCase(AUTO) ? null : id;
    }

    private List<RouteRequestBody.MessageBody> messages(JsonNode messages) {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new BadRequestException("messages", "messages must be a non-empty list");
        }
        List<RouteRequestBody.MessageBody> out = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            if (!m.isObject()) {
                throw new BadRequestException("messages[" + i + "]", "message must be an object");
            }
            JsonNode role = m.get("role");
            JsonNode name = m.get("name");
            out.add(new RouteRequestBody.MessageBody(role != null && role.isTextual() ? role.asText() : null,
                    m.get("content"), name != null && name.isTextual() ? name.asText() : null));
        }
        return out;
    }

    private static Integer integer(Map<String, String> context, Map<String, String> source, String field) {
        String v = context.get(field);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException(source.get(field), source.get(field) + " must be a whole number of ms");
        }
    }

    private static List<String> tags(String csv) {
        return csv == null ? null : Arrays.stream(csv.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    private static Integer maxTokens(ObjectNode body) {
        for (String field : List.of("max_completion_tokens", "max_tokens")) {
            JsonNode v = body.get(field);
            if (v != null && !v.isNull()) {
                if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                    throw new BadRequestException(field, field + " must be a whole number");
                }
                if (v.asInt() <= 0) {
                    throw new BadRequestException(field, field + " must be positive");
                }
                return v.asInt();
            }
        }
        return null;
    }

    /** The body providers receive: the client's, without the model (set per step) and routing metadata. */
    private static ObjectNode upstreamBody(ObjectNode body) {
        ObjectNode copy = body.deepCopy();
        copy.remove("model");
        if (copy.get("metadata") instanceof ObjectNode metadata) {
            metadata.remove(CONTEXT_HEADERS.values());
            if (metadata.isEmpty()) {
                copy.remove("metadata");
            }
        }
        return copy;
    }

    // ------------------------------------------------------------------ response

    /** The status, headers and body of a result that is not a stream (a stream's are written by ChatResponseWriter). */
    public record Reply(int status, String contentType, Map<String, String> headers, Object body) {
    }

    public Reply toReply(DispatchResult result) {
        Map<String, String> h = routeHeaders(result);
        if (result instanceof DispatchResult.Answered a) {
            served(h, a.served(), result);
            return new Reply(200, "application/json", h, a.body());
        }
        if (result instanceof DispatchResult.UpstreamError u) {
            served(h, u.served(), result);
            return new Reply(u.status(), "application/json", h, upstreamError(u));
        }
        if (result instanceof DispatchResult.Streaming s) {
            served(h, s.served(), result);
            h.put("Cache-Control", "no-cache");
            h.put("X-Accel-Buffering", "no"); // reverse proxies must not buffer the stream
            return new Reply(200, "text/event-stream", h, null);
        }
        DispatchResult.Exhausted x = (DispatchResult.Exhausted) result;
        Decision d = x.decision();
        Problem body = Problem.of(x.code().replace('_', '-'), Problems.title(x.status()), x.status(), x.message(),
                        null, x.code())
                .withInstance(ChatCompletionsRoute.PATH).withDecision(d.decisionId(), d.policyVersion())
                .withAttempts(x.attempts().stream().map(ChatMapper::attempt).toList());
        if (x.retryAfter() != null) {
            h.put("Retry-After", Problems.retryAfter(x.retryAfter()));
        }
        return new Reply(x.status(), Problem.MEDIA_TYPE, h, body);
    }

    private static Map<String, String> routeHeaders(DispatchResult result) {
        Decision d = result.decision();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-route-decision-id", d.decisionId());
        h.put("x-route-policy-version", d.policyVersion());
        h.put("x-route-strategy", d.strategy());
        h.put("x-route-attempts", String.valueOf(result.calls()));
        h.put("x-route-path", result.attempts().stream().map(a -> a.model() + "=" + a.outcome().wire())
                .collect(Collectors.joining(", ")));
        return h;
    }

    private static void served(Map<String, String> h, Decision.Target served, DispatchResult result) {
        h.put("x-route-model", served.model());
        h.put("x-route-provider", served.provider());
        h.put("x-route-estimated-cost-usd", String.format(Locale.ROOT, "%.8f", served.estimatedCostUsd()));
        // the attempt that answered is the last one: its provider's id for the call, for that provider's support
        List<Attempt> attempts = result.attempts();
        String upstreamId = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).upstreamRequestId();
        if (upstreamId != null) {
            h.put("x-route-upstream-request-id", upstreamId);
        }
    }

    /** The provider's own error body when it is OpenAI-shaped; otherwise one in that shape. */
    private JsonNode upstreamError(DispatchResult.UpstreamError u) {
        if (u.body() != null && u.body().path("error").isObject()) {
            return u.body();
        }
        ObjectNode body = json.createObjectNode();
        body.putObject("error").put("message", u.served().model() + " rejected the request with HTTP " + u.status())
                .put("type", "invalid_request_error").putNull("param").put("code", "upstream_rejected");
        return body;
    }

    static Problem.Attempt attempt(Attempt a) {
        return new Problem.Attempt(a.step(), a.model(), a.provider(), a.outcome().wire(), a.status(), a.latencyMs(),
                a.next(), a.upstreamRequestId());
    }

    private static Map<String, String> headers(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
