package io.policyrouter.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One call to a provider: the client's OpenAI body with {@code model} set to the provider's name for the catalog
 * model and {@code stream} as requested. {@code faults} is honoured by the simulator only; {@code trace} is the
 * caller's trace context, sent along (null when none).
 */
public record ProviderCall(String provider, String model, String upstreamModel, ObjectNode body, FaultPlan faults,
                           TraceContext trace) {

    public boolean stream() {
        return body.path("stream").asBoolean(false);
    }
}
