package io.policyrouter.learn;

import java.time.Duration;

/** A tenant's spend budget for the day or the month is used up (429 until it resets). */
public class BudgetExhaustedException extends RuntimeException {

    private final String tenant;
    private final String scope;
    private final double limitUsd;
    private final double spentUsd;
    private final Duration retryAfter;

    public BudgetExhaustedException(String tenant, String scope, double limitUsd, double spentUsd, Duration retryAfter) {
        super(String.format(java.util.Locale.ROOT, "tenant '%s' has used its %s budget: %.4f of %.2f USD spent; it "
                + "resets in %d s (UTC %s boundary)", tenant, scope.equals("day") ? "daily" : "monthly", spentUsd,
                limitUsd, retryAfter.toSeconds(), scope));
        this.tenant = tenant;
        this.scope = scope;
        this.limitUsd = limitUsd;
        this.spentUsd = spentUsd;
        this.retryAfter = retryAfter;
    }

    public String tenant() {
        return tenant;
    }

    public String scope() {
        return scope;
    }

    public double limitUsd() {
        return limitUsd;
    }

    public double spentUsd() {
        return spentUsd;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
