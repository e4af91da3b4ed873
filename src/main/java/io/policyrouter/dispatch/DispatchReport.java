package io.policyrouter.dispatch;

import java.util.List;

/**
 * What the decision log and the metrics record about one dispatched request, once it has ended (for a stream: when
 * the last chunk or the error event was sent, or the client left).
 */
public record DispatchReport(
        String decisionId,
        String policyVersion,
        String strategy,
        boolean stream,
        int status,
        String result,
        String model,
        String provider,
        List<Attempt> attempts,
        List<Escalation> escalations,
        Double costUsd,
        long durationNanos) {

    /** A cascade step whose answer failed a check, so the chain escalated. */
    public record Escalation(String model, String check) {
    }
}
