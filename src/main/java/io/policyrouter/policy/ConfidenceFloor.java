package io.policyrouter.policy;

/**
 * What the confidence-floor table asks: minimum scores for the primary and every fallback, and whether cost may
 * lead or a cascade may be used. Built column by column by a table row: read values in consequences only.
 */
public final class ConfidenceFloor {

    private final String rule;
    private final double primaryMin;
    private double fallbackMin;
    private boolean costMayLead;
    private boolean cascadeAllowed;

    private ConfidenceFloor(double primaryMin, String rule) {
        this.primaryMin = primaryMin;
        this.fallbackMin = primaryMin;
        this.rule = rule;
    }

    /** Called by the first action column of a confidence-floor row. */
    public static ConfidenceFloor row(double primaryMin, String rule) {
        return new ConfidenceFloor(primaryMin, rule);
    }

    public void setFallbackMin(double fallbackMin) {
        this.fallbackMin = fallbackMin;
    }

    public void setCostMayLead(String cell) {
        this.costMayLead = Cells.yes(cell);
    }

    public void setCascadeAllowed(String cell) {
        this.cascadeAllowed = Cells.yes(cell);
    }

    public double getPrimaryMin() {
        return primaryMin;
    }

    public double getFallbackMin() {
        return fallbackMin;
    }

    public boolean isCostMayLead() {
        return costMayLead;
    }

    public boolean isCascadeAllowed() {
        return cascadeAllowed;
    }

    public String getRule() {
        return rule;
    }
}
