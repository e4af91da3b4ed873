package io.policyrouter.policy;


import io.policyrouter.vocabulary.Annotations;
import java.util.List;

/**
 * The outcome of routing one request, with everything needed to explain and replay it: the policy version it was
 * made under, the rules that fired (with the file, sheet and row they came from), the constraints applied and the
 * candidates they removed, and the facts it was made on (what the store records to replay it).
 */
public record Decision(
        String decisionId,
        String policyVersion,
        Target primary,
        List<Target> fallbacks,
        String strategy,
        Tier latencyTier,
        Requirement requirement,
        List<AppliedConstraint> constraints,
        List<RemovedCandidate> removed,
        List<FiredRule> firedRules,
        List<String> notes,
        double estimatedCostUsd,
        boolean degraded,
        Refusal refusal,
        Annotations annotations,
        RequestFacts facts) {

    public boolean refused() {
        return refusal != null;
    }

    /** One step of the chain: the model, where it runs, its per-attempt timeout and why it qualifies. */
    public record Target(String model, String provider, int timeoutMs, double score, double estimatedCostUsd,
                         String chosenBy) {
    }

    public record Tier(String name, int maxP95Ms, int timeoutMs, boolean defaulted, String source) {
    }

    /** A hard constraint: readable form, where it came from, and its parts (kind, values, limit) for re-checks. */
    public record AppliedConstraint(String constraint, String source, String kind, List<String> values, long limit) {
    }

    public record RemovedCandidate(String model, String provider, List<String> reasons) {
    }

    /** A rule that fired, where it lives (file, and for a table its sheet and row), and its one-line reason. */
    public record FiredRule(String rule, String file, String sheet, String table, Integer row, String reason,
                            int firings) {
    }
}
