package io.policyrouter.policy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "router.policy")
public interface PolicyConfig {

    /** Quality scores within this margin count as equal; the cheaper model then leads. */
    @WithDefault("0.02")
    double costMargin();

    /** Longest fallback chain after the primary. */
    @WithDefault("3")
    int maxFallbacks();

    /** Task-type confidence below which the facts count as uncertain. */
    @WithDefault("0.45")
    double uncertainConfidence();

    /** Minimum primary score when the facts are uncertain: err toward capability. */
    @WithDefault("0.85")
    double uncertainMinScore();

    /** Minimum primary score when no capability row matched. */
    @WithDefault("0.80")
    double defaultMinScore();

    /** Output tokens assumed for cost estimates and context checks when the caller sets no max_tokens. */
    @WithDefault("512")
    int expectedOutputTokens();

    /** Longest time a policy evaluation may take before the flagged safe default is used. */
    @WithDefault("2s")
    Duration evaluationTimeout();

    /** Model used, flagged degraded, when the rule engine fails; it must hold every compliance flag. */
    @WithDefault("llama-3.3-70b")
    String safeDefaultModel();

    DefaultTier defaultTier();

    /**
     * Decisions kept for requests whose facts fall in the same place of the policy (DecisionKey); 0 turns the cache
     * off. Keyed by policy version: a table change reaches the next decision.
     */
    @WithDefault("10000")
    int decisionCacheSize();

    interface DefaultTier {
        @WithDefault("standard")
        String name();

        @WithDefault("8000")
        int maxP95Ms();

        @WithDefault("30000")
        int timeoutMs();
    }
}
