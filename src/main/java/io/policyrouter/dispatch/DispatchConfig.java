package io.policyrouter.dispatch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import io.quarkus.runtime.configuration.MemorySize;

import java.time.Duration;
import java.util.Optional;

/** How the chain runner treats failures. Per-attempt timeouts come from the decision's latency tier. */
@ConfigMapping(prefix = "router.dispatch")
public interface DispatchConfig {

    /** Upper bound on any attempt's timeout, whatever the tier says. */
    @WithDefault("120s")
    Duration maxAttemptTimeout();

    /** The whole chain (attempts, back-offs) must have produced an answer or a first streamed chunk by then. */
    @WithDefault("180s")
    Duration requestTimeout();

    /**
     * Chat completions in flight on this replica at most (answers being awaited and streams being relayed); beyond
     * it a request is answered 503 at once, with Retry-After, instead of queueing.
     */
    @WithDefault("10000")
    int maxInFlight();

    /**
     * Request bodies held in memory at once on this replica, counted from their Content-Length before they are read
     * (a body sent without one counts as quarkus.http.limits.max-body-size). Beyond it a request is answered 503 at
     * once, with Retry-After, and its body is read and dropped. Absent: an eighth of the heap, since a body costs
     * several times its size while it is parsed, annotated and forwarded.
     */
    Optional<MemorySize> maxBodyBytesInFlight();

    /**
     * An admitted body must have arrived whole within this long, or the call is answered 408 and its connection
     * closed: a caller that declares a large body and sends it slowly (or never) would otherwise hold that room.
     */
    @WithDefault("60s")
    Duration bodyTimeout();

    /**
     * A stream whose client has taken nothing for this long while the router waits for it to drain is reset: the
     * provider call behind it is cancelled (client_gone) instead of being held open for as long as the client stalls.
     */
    @WithDefault("60s")
    Duration clientStallTimeout();

    /** Retry-After of a request shed because the replica or every provider of its chain is at its limit. */
    @WithDefault("1s")
    Duration overloadRetryAfter();

    /** Largest single streamed event accepted from a provider; a larger one is a malformed stream. */
    @WithDefault("4194304")
    int maxEventBytes();

    /** Largest answer (or error body) read from a provider; a larger one is a malformed answer and fails over. */
    @WithDefault("16777216")
    int maxAnswerBytes();

    RateLimit rateLimit();

    CircuitBreaker circuitBreaker();

    /** Cascade: a step whose answer is checked is buffered; beyond this many chunks it is passed unchecked. */
    @WithDefault("4096")
    int maxBufferedChunks();

    interface RateLimit {
        /** Retries of the same step after a 429, each after the provider's Retry-After. */
        @WithDefault("1")
        int maxRetries();

        /** Wait when a 429 carries no Retry-After. */
        @WithDefault("500ms")
        Duration defaultBackoff();
    }

    /** One breaker per provider (SmallRye Fault Tolerance), fed by 5xx, timeouts, connection errors, cut streams. */
    interface CircuitBreaker {
        /** Rolling window: the last N calls to the provider. */
        @WithDefault("10")
        int requestVolumeThreshold();

        /** Share of failures in the window that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** Time an open breaker stays open before letting a trial call through (half-open). */
        @WithDefault("30s")
        Duration delay();

        /** Successful trial calls that close a half-open breaker. */
        @WithDefault("2")
        int successThreshold();
    }
}
