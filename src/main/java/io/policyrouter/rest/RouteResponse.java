package io.policyrouter.rest;

import java.util.List;

/**
 * The decision as the API shows it (snake_case on the wire). Wire records of their own, mapped from the domain in
 * {@link RouteMapper}: renaming a domain field cannot change the API (ApiContractTest holds the shape).
 */
public record RouteResponse(
        String decisionId,
        String policyVersion,
        Target primary,
        List<Target> fallbacks,
        String strategy,
        Tier latencyTier,
        Requirement requirement,
        List<Constraint> constraints,
        List<RemovedCandidate> removedCandidates,
        List<FiredRule> firedRules,
        List<String> notes,
        double estimatedCostUsd,
        boolean degraded,
        Refusal refusal,
        AnnotationsView annotations) {

    /** One step of the chain: the model, where it runs, its per-attempt timeout and why it qualifies. */
    public record Target(String model, String provider, int timeoutMs, double score, double estimatedCostUsd,
                         String chosenBy) {
    }

    public record Tier(String name, int maxP95Ms, int timeoutMs, boolean defaulted, String source) {
    }

    public record Requirement(String capability, double primaryMinScore, double fallbackMinScore, boolean costLed,
                              boolean uncertainFacts) {
    }

    /** A hard constraint: readable form, where it came from, and its parts. */
    public record Constraint(String constraint, String source, String kind, List<String> values, long limit) {
    }

    public record RemovedCandidate(String model, String provider, List<String> reasons) {
    }

    /** A rule that fired, where it lives (file, and for a table its sheet and row), and its one-line reason. */
    public record FiredRule(String rule, String file, String sheet, String table, Integer row, String reason,
                            int firings) {
    }

    public record Refusal(String reason, String constraint, String source) {
    }
}
