package io.policyrouter.policy;

/**
 * The numbers the DRL rules use that operators tune without editing rules (router.policy.* in
 * application.properties). Inserted as a fact so rule conditions can read it.
 */
public final class PolicySettings {

    private final double costMargin;
    private final int maxFallbacks;
    private final double uncertainConfidence;
    private final double uncertainMinScore;
    private final double defaultMinScore;
    private final String defaultTier;
    private final int defaultTierMaxP95Ms;
    private final int defaultTierTimeoutMs;

    public PolicySettings(double costMargin, int maxFallbacks, double uncertainConfidence, double uncertainMinScore,
                          double defaultMinScore, String defaultTier, int defaultTierMaxP95Ms,
                          int defaultTierTimeoutMs) {
        this.costMargin = costMargin;
        this.maxFallbacks = maxFallbacks;
        this.uncertainConfidence = uncertainConfidence;
        this.uncertainMinScore = uncertainMinScore;
        this.defaultMinScore = defaultMinScore;
        this.defaultTier = defaultTier;
        this.defaultTierMaxP95Ms = defaultTierMaxP95Ms;
        this.defaultTierTimeoutMs = defaultTierTimeoutMs;
    }

    public static PolicySettings of(PolicyConfig config) {
        return new PolicySettings(config.costMargin(), config.maxFallbacks(), config.uncertainConfidence(),
                config.uncertainMinScore(), config.defaultMinScore(), config.defaultTier().name(),
                config.defaultTier().maxP95Ms(), config.defaultTier().timeoutMs());
    }

    /** Scores closer than this count as equal quality; cost then breaks the tie. */
    public double getCostMargin() {
        return costMargin;
    }

    public int getMaxFallbacks() {
        return maxFallbacks;
    }

    /** Below this task-type confidence the facts are uncertain and the policy errs toward capability. */
    public double getUncertainConfidence() {
        return uncertainConfidence;
    }

    public double getUncertainMinScore() {
        return uncertainMinScore;
    }

    /** Minimum primary score when no capability row matched. */
    public double getDefaultMinScore() {
        return defaultMinScore;
    }

    public String getDefaultTier() {
        return defaultTier;
    }

    public int getDefaultTierMaxP95Ms() {
        return defaultTierMaxP95Ms;
    }

    public int getDefaultTierTimeoutMs() {
        return defaultTierTimeoutMs;
    }
}
