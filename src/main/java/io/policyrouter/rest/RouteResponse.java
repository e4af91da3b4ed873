package io.policyrouter.rest;


import io.policyrouter.policy.Decision;
import java.util.List;

/** The decision as the API shows it (snake_case on the wire). */
public record RouteResponse(
        String decisionId,
        String policyVersion,
        Decision.Target primary,
        List<Decision.Target> fallbacks,
        String strategy,
        Decision.Tier latencyTier,
        Decision.Need requirement,
        List<Decision.AppliedConstraint> constraints,
        List<Decision.RemovedCandidate> removedCandidates,
        List<Decision.FiredRule> firedRules,
        List<String> notes,
        double estimatedCostUsd,
        boolean degraded,
        Decision.Refusal refusal,
        AnnotationsView annotations) {
}
