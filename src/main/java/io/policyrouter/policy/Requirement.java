package io.policyrouter.policy;

/**
 * The combined ask of the capability and confidence-floor tables: which capability to rank on, the minimum score of
 * the primary and of every fallback, whether cost may lead and whether a cascade may be used.
 */
public final class Requirement {

    private final String capability;
    private final double primaryMin;
    private final double fallbackMin;
    private final boolean costLed;
    private final boolean cascade;
    private final boolean uncertain;

    public Requirement(String capability, double primaryMin, double fallbackMin, boolean costLed, boolean cascade,
                       boolean uncertain) {
        this.capability = capability;
        this.primaryMin = primaryMin;
        this.fallbackMin = Math.min(fallbackMin, primaryMin);
        this.costLed = costLed;
        this.cascade = cascade;
        this.uncertain = uncertain;
    }

    public String getCapability() {
        return capability;
    }

    public double getPrimaryMin() {
        return primaryMin;
    }

    public double getFallbackMin() {
        return fallbackMin;
    }

    public boolean isCostLed() {
        return costLed;
    }

    public boolean isCascade() {
        return cascade;
    }

    public boolean isUncertain() {
        return uncertain;
    }
}
