package io.policyrouter.dispatch;

import jakarta.inject.Singleton;

/**
 * The gate in front of the simulator's fault injection: unless router.simulator.fault-injection.enabled is true,
 * every request gets an empty plan whatever headers it carries, so a production service cannot be made to fail.
 */
@Singleton
public class FaultInjection {

    public static final String HEADER = "x-sim-fault";

    private final boolean enabled;
    private final String configured;

    public FaultInjection(SimulatorConfig config) {
        this.enabled = config.faultInjection().enabled();
        this.configured = config.faultInjection().faults().orElse(null);
        if (enabled) {
            FaultPlan.of(null, configured); // a typo in the configured drill stops start-up, not a request
        }
    }

    /** The request's plan; IllegalArgumentException names what is wrong with the header. */
    public FaultPlan plan(String header) {
        return enabled ? FaultPlan.of(header, configured) : FaultPlan.NONE;
    }

    public boolean enabled() {
        return enabled;
    }
}
