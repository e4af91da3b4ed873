package io.policyrouter.policy;

import java.util.List;
import java.util.Map;

/** Everything one rule-engine run produced, read back from the session before it was disposed. */
public record Evaluation(
        RequestFacts facts,
        Map<String, Integer> firedRules,
        Trace trace,
        List<Candidate> candidates,
        List<Constraint> constraints,
        Requirement requirement,
        LatencyTier tier,
        Primary primary,
        Fallbacks fallbacks,
        Refusal refusal) {

    /**
     * The same outcome for another request whose facts fall in the same decision-cache key: every rule fires alike,
     * only the request's own numbers (costs, sizes) differ, and the assembler takes those from the facts.
     */
    Evaluation withFacts(RequestFacts other) {
        return new Evaluation(other, firedRules, trace, candidates, constraints, requirement, tier, primary, fallbacks,
                refusal);
    }
}
