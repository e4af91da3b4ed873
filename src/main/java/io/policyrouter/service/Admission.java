package io.policyrouter.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.policyrouter.dispatch.DispatchConfig;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The replica's bounds on chat completions in flight and on request bodies held in memory. Beyond either a request
 * is refused at once (503 problem+json with Retry-After) rather than queued: an unbounded queue only turns overload
 * into timeouts for everyone, and unbounded bodies into an OutOfMemoryError for everyone.
 */
@ApplicationScoped
@Startup // its gauges exist from the first scrape, not from the first request
public class Admission {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final int max;
    private final Duration retryAfter;
    private final Counter shed;
    private final AtomicLong bodyBytes = new AtomicLong();
    private final long maxBodyBytes;
    private final Counter shedBodies;

    public Admission(DispatchConfig config, MeterRegistry meters) {
        this.max = config.maxInFlight();
        this.retryAfter = config.overloadRetryAfter();
        this.maxBodyBytes = config.maxBodyBytesInFlight().map(MemorySize::asLongValue)
                .orElse(Runtime.getRuntime().maxMemory() / 8);
        Gauge.builder("router.body_bytes_in_flight", bodyBytes, AtomicLong::get).baseUnit("bytes")
                .description("Request bodies admitted and not yet answered on this replica").register(meters);
        this.shedBodies = Counter.builder("router.shed").tag("reason", "body_bytes")
                .description("Requests refused at once because the replica held its limit of request bodies")
                .register(meters);
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

    /**
     * Reserves room for a request body of this many bytes, or throws {@link OverloadedException}; pair every success
     * with {@link #releaseBody}. A body larger than the whole budget is still admitted when nothing else is held, so
     * that the limit never refuses a request the body-size limit allows.
     */
    public void acquireBody(long bytes) {
        long held = bodyBytes.addAndGet(bytes);
        if (held > maxBodyBytes && held != bytes) {
            bodyBytes.addAndGet(-bytes);
            shedBodies.increment();
            throw new OverloadedException("the router holds its limit of " + maxBodyBytes
                    + " bytes of request bodies", retryAfter);
        }
    }

    public void releaseBody(long bytes) {
        bodyBytes.addAndGet(-bytes);
    }

    public int inFlight() {
        return inFlight.get();
    }
}
