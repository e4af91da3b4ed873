package io.policyrouter.policy;

import java.util.Locale;

/**
 * What the capability table asks of the primary: the capability (catalog score) to rank on and its minimum.
 * A table row builds it column by column (the first action column creates and inserts it, later columns set
 * values), so rules must read its values in consequences, never constrain them in a rule condition.
 */
public final class Capability {

    private final String capability;
    private final String rule;
    private final boolean defaulted;
    private double minScore;
    private boolean cascadeAllowed = true;

    public Capability(String capability, double minScore, String rule, boolean defaulted) {
        this.capability = capability.trim().toLowerCase(Locale.ROOT);
        this.minScore = minScore;
        this.rule = rule;
        this.defaulted = defaulted;
    }

    /** Called by the first action column of a capability row. */
    public static Capability row(String capability, String rule) {
        return new Capability(capability, 0.0, rule, false);
    }

    public void setMinScore(double minScore) {
        this.minScore = minScore;
    }

    public void setCascadeAllowed(String cell) {
        this.cascadeAllowed = Cells.yes(cell);
    }

    /** Blank cell = allowed; the latency tier and the confidence floor must allow it too. */
    public boolean isCascadeAllowed() {
        return cascadeAllowed;
    }

    public String getCapability() {
        return capability;
    }

    public double getMinScore() {
        return minScore;
    }

    public String getRule() {
        return rule;
    }

    public boolean isDefaulted() {
        return defaulted;
    }
}
