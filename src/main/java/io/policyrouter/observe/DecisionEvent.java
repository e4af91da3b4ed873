package io.policyrouter.observe;

import java.util.List;
import java.util.Map;

/**
 * One routing decision as the metrics and the decision log see it: plain values, handed over by the service. Holds
 * facts only — types and counts of sensitive data, never values — and a prompt preview only if it was enabled and
 * already masked.
 */
public record DecisionEvent(
        String decisionId,
        String policyVersion,
        String tenant,
        String conversationId,
        String task,
        double taskConfidence,
        Map<String, Integer> dataClasses,
        int tokens,
        Outcome outcome,
        String refusal,
        String refusalConstraint,
        String model,
        List<String> fallbacks,
        String strategy,
        String tier,
        double estimatedCostUsd,
        List<String> firedRules,
        long durationNanos,
        String promptPreview) {

    public enum Outcome { ROUTED, DEGRADED, REFUSED }
}
