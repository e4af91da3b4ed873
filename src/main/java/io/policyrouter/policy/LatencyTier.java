package io.policyrouter.policy;

import java.util.Locale;

/**
 * The latency tier the latency table chose: the p95 limit on models, the per-attempt timeout, and whether a cascade
 * or cost-led routing fits the tier. Built column by column by a table row: read values in consequences only.
 */
public final class LatencyTier {

    private final String name;
    private final String rule;
    private final boolean defaulted;
    private int maxP95Ms;
    private int timeoutMs;
    private boolean cascadeAllowed;
    private boolean costMayLead;

    public LatencyTier(String name, int maxP95Ms, int timeoutMs, boolean cascadeAllowed, boolean costMayLead,
                       String rule, boolean defaulted) {
        this.name = name.trim().toLowerCase(Locale.ROOT);
        this.maxP95Ms = maxP95Ms;
        this.timeoutMs = timeoutMs;
        this.cascadeAllowed = cascadeAllowed;
        this.costMayLead = costMayLead;
        this.rule = rule;
        this.defaulted = defaulted;
    }

    /** Called by the first action column of a latency-tier row. */
    public static LatencyTier row(String name, String rule) {
        return new LatencyTier(name, 0, 0, false, false, rule, false);
    }

    public void setMaxP95Ms(int maxP95Ms) {
        this.maxP95Ms = maxP95Ms;
    }

    public void setTimeoutMs(int timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    public void setCascadeAllowed(String cell) {
        this.cascadeAllowed = Cells.yes(cell);
    }

    public void setCostMayLead(String cell) {
        this.costMayLead = Cells.yes(cell);
    }

    public String getName() {
        return name;
    }

    /** 0 means no limit. */
    public int getMaxP95Ms() {
        return maxP95Ms;
    }

    public int getTimeoutMs() {
        return timeoutMs;
    }

    public boolean isCascadeAllowed() {
        return cascadeAllowed;
    }

    public boolean isCostMayLead() {
        return costMayLead;
    }

    public String getRule() {
        return rule;
    }

    public boolean isDefaulted() {
        return defaulted;
    }
}
