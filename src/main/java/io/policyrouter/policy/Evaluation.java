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
}
