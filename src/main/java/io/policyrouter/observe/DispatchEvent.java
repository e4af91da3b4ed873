package io.policyrouter.observe;

import java.util.List;

/**
 * How one dispatched request ended (for a stream: when its last chunk or error event was sent, or the client left),
 * as plain values: the path along the chain, the result, and the cost the provider's reported usage implies (null
 * when it reported none).
 */
public record DispatchEvent(
        String decisionId,
        String policyVersion,
        String strategy,
        boolean stream,
        int status,
        String result,
        String model,
        String provider,
        List<Step> attempts,
        List<Escalation> escalations,
        Double costUsd,
        Integer promptTokens,
        Integer completionTokens,
        long durationNanos) {

    /** One step of the chain: outcome is the attempt's outcome ("ok", "unavailable", "circuit_open", ...). */
    public record Step(int step, String model, String provider, String outcome, Integer status, long latencyMs,
                       String next, String detail) {

        public boolean failedOver(boolean last) {
            return "failed_over".equals(next) || "skipped".equals(next) && !last;
        }
    }

    /** A cascade step whose answer failed a check, so the chain escalated. */
    public record Escalation(String model, String check) {
    }
}
