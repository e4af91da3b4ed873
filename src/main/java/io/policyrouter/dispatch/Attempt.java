package io.policyrouter.dispatch;

import io.policyrouter.observe.DispatchEvent;

/**
 * One step of the chain as it happened: an attempt on a provider, or a step skipped without one. {@code next} says
 * what the runner did afterwards (returned, retried, failed_over, escalated), so a log line reads as the path taken.
 * {@code upstreamRequestId}: the provider's own id for the call (its x-request-id), what its support asks for; null
 * when it sent none.
 */
public record Attempt(int step, String model, String provider, Outcome outcome, Integer status, long latencyMs,
                      String next, String detail, String upstreamRequestId) {

    public boolean called() {
        return !outcome.skipped();
    }

    /** This step as the metrics and the decision log record it. */
    public DispatchEvent.Step event() {
        return new DispatchEvent.Step(step, model, provider, outcome.wire(), status, latencyMs, next, detail,
                upstreamRequestId);
    }

    Attempt then(String next) {
        return new Attempt(step, model, provider, outcome, status, latencyMs, next, detail, upstreamRequestId);
    }

    Attempt upstream(String requestId) {
        return new Attempt(step, model, provider, outcome, status, latencyMs, next, detail, requestId);
    }
}
