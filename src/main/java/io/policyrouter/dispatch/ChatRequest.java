package io.policyrouter.dispatch;

import io.policyrouter.vocabulary.RouteRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A chat-completions request in domain terms: what the policy routes on ({@code route}, whose pin is the client's
 * concrete model id), the OpenAI body forwarded to the provider (routing metadata already removed) and the caller's
 * trace context (null when it sent none).
 */
public record ChatRequest(RouteRequest route, ObjectNode body, boolean stream, FaultPlan faults, TraceContext trace) {

    public JsonNode responseFormat() {
        return body.path("response_format");
    }
}
