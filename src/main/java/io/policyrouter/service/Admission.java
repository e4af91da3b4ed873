package io.policyrouter.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.policyrouter.dispatch.DispatchConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The replica's bound on chat completions in flight. Beyond it a request is refused at once (503 problem+json with
 * Retry-After) rather than queued: an unbounded queue only turns overload into timeouts for everyone.
 */
@ApplicationScoped
public class Admission {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final int max;
    private final Duration retryAfter;
    private final Counter shed;

    public Admission(DispatchConfig config, MeterRegistry meters) {
        this.max = config.maxInFlight();
        this.retryAfter = config.overloadRetryAfter();
        Gauge.builder("router.in_flight", inFlight, AtomicInteger::get)
                .description("Chat completions in flight on this replica").register(meters);
        this.shed = Counter.builder("router.shed").tag("reason", "replica_in_flight")
                .description("Requests refused at once because the replica was at its in-flight limit")
                .register(meters);
    }

    /** Takes a slot for one request, or throws {@link OverloadedException}; pair every success with {@link #release}. */
    public void acquire() {
        if (inFlight.incrementAndGet() > max) {
            inFlight.decrementAndGet();
            shed.increment();
            throw new OverloadedException("the router is at its limit of " + max + " requests in flight", retryAfter);
        }
    }

    public void release() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }
}
