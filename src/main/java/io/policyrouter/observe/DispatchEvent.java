package io.policyrouter.observe;

import java.util.List;

/**
 * How one dispatched request ended (for a stream: when its last chunk or error event was sent, or the client left),
 * as plain values: the path along the chain, the result, the cost the provider's reported usage implies (null
 * when it reported none) and the caller's W3C trace id (null when it sent none).
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
        long durationNanos,
        String traceId) {

    /**
     * One step of the chain: outcome is the attempt's outcome ("ok", "unavailable", "circuit_open", ...);
     * upstreamRequestId the provider's id for the call, when it sent one.
     */
    public record Step(int step, String model, String provider, String outcome, Integer status, long latencyMs,
                       String next, String detail, String upstreamRequestId) {

        public boolean failedOver(boolean last) {
            return "failed_over".equals(next) || "skipped".equals(next) && !last;
        }
    }

    /** A cascade step whose answer failed a check, so the chain escalated. */
    public record Escalation(String model, String check) {
    }
}
