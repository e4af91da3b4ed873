package io.policyrouter.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The start-up warm-up: annotation and rule evaluation run on built-in sample requests before the pod reports ready,
 * so its first real requests are not served by the interpreter (docs/benchmarks.md: with 5 s of traffic the JIT is
 * still compiling and a request costs 6× its warm CPU).
 */
@ConfigMapping(prefix = "router.warmup")
public interface WarmupConfig {

    /** Off: ready as soon as the policy is loaded (tests, or a native binary, which needs no JIT). */
    @WithDefault("true")
    boolean enabled();

    /** Sample decisions made at most (each one a full annotation and an uncached rule evaluation). */
    @WithDefault("4000")
    int requests();

    /** Readiness waits no longer than this, whatever is left of {@link #requests()}. */
    @WithDefault("20s")
    Duration maxDuration();
}
