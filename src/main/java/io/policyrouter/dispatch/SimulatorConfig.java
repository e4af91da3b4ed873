package io.policyrouter.dispatch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The built-in simulated provider: deterministic answers, configurable latency, opt-in fault injection. */
@ConfigMapping(prefix = "router.simulator")
public interface SimulatorConfig {

    /**
     * Serve the providers that have no configuration. Absent: only while no provider at all is configured (trying
     * the router out), so that a deployment that configures some providers and forgets one fails at start-up instead
     * of answering real users with simulated text. true: always (tests, drills). false: never, as the Kubernetes
     * manifest sets it.
     */
    Optional<Boolean> enabled();

    /** Time to the first token = the catalog's p50 for the model times this factor (0 = instant). */
    @WithDefault("0.1")
    double latencyScale();

    /** Pause between streamed chunks. */
    @WithDefault("10ms")
    Duration chunkDelay();

    FaultInjection faultInjection();

    interface FaultInjection {
        /**
         * Honour the x-sim-fault request header and the faults below. Off by default so no caller can inject
         * failures into a production service; on in %dev and %test.
         */
        @WithDefault("false")
        boolean enabled();

        /** Faults applied to every request (same syntax as x-sim-fault), e.g. "provider:openai=503" for a drill. */
        Optional<String> faults();
    }
}
