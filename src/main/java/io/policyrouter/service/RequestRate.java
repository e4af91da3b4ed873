package io.policyrouter.service;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A request rate as a token bucket of {@code perMinute} permits, refilled evenly over the minute, in the GCRA form:
 * one atomic "theoretical arrival time", so many event loops take permits without a lock. Hand-written because
 * SmallRye Fault Tolerance 6.10's rate limit cannot run beside the Prometheus registry: it pre-registers
 * {@code ft.ratelimit.calls.total} with the bulkhead's tag key, and its first decision then fails.
 */
final class RequestRate {

    private final long intervalNanos;
    private final long burstNanos;
    private final LongSupplier clock;
    private final AtomicLong arrival;

    RequestRate(int perMinute, LongSupplier clock) {
        this.intervalNanos = TimeUnit.MINUTES.toNanos(1) / perMinute;
        this.burstNanos = intervalNanos * (perMinute - 1L);
        this.clock = clock;
        this.arrival = new AtomicLong(clock.getAsLong());
    }

    /** Takes a permit: 0 when granted, else the nanoseconds until one is free (nothing is taken then). */
    long take() {
        while (true) {
            long now = clock.getAsLong();
            long tat = arrival.get();
            long start = tat - now > 0 ? tat : now; // an idle bucket is full, never more
            long wait = start - burstNanos - now;
            if (wait > 0) {
                return wait;
            }
            if (arrival.compareAndSet(tat, start + intervalNanos)) {
                return 0;
            }
        }
    }
}
