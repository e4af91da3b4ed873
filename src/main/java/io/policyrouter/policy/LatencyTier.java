package io.policyrouter.policy;

import java.util.Locale;

/**
 * The latency tier the latency table chose: the p95 limit on models, the per-attempt timeout, and whether there is
 * time for a cascade. Built column by column by a table row: read values in consequences only.
 */
public final class LatencyTier {

    private final String name;
    private final String rule;
    private final boolean defaulted;
    private int maxP95Ms;
    private int timeoutMs;
    private boolean cascadeAllowed;
    private double maxCostUsd;
    private boolean refuseOverCost;

    public LatencyTier(String name, int maxP95Ms, int timeoutMs, boolean cascadeAllowed, String rule,
                       boolean defaulted) {
        this.name = name.trim().toLowerCase(Locale.ROOT);
        this.maxP95Ms = maxP95Ms;
        this.timeoutMs = timeoutMs;
        this.cascadeAllowed = cascadeAllowed;
        this.rule = rule;
        this.defaulted = defaulted;
    }

    /** Called by the first action column of a latency-tier row. */
    public static LatencyTier row(String name, String rule) {
        return new LatencyTier(name, 0, 0, false, rule, false);
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

    /** Maximum estimated cost of one request in USD; 0 (an empty cell) means no cap. */
    public void setMaxCostUsd(double maxCostUsd) {
        this.maxCostUsd = maxCostUsd;
    }

    /** What a request over the cap gets: "cheaper" (a cheaper compliant model; the default) or "refuse" (422). */
    public void setOverCost(String cell) {
        this.refuseOverCost = "refuse".equalsIgnoreCase(cell == null ? "" : cell.trim());
    }

    public double getMaxCostUsd() {
        return maxCostUsd;
    }

    public boolean isRefuseOverCost() {
        return refuseOverCost;
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

    public String getRule() {
        return rule;
    }

    public boolean isDefaulted() {
        return defaulted;
    }
}
