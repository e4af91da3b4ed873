package io.policyrouter.learn;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The calibration loop: feedback, drift, regression watch and spend budgets (docs/calibration-loop.md). */
@ConfigMapping(prefix = "router.learn")
public interface LearnConfig {

    Drift drift();

    Regression regression();

    Budgets budgets();

    /** A chat request whose conversation was answered this recently is a client retry of that answer. */
    @WithDefault("10m")
    Duration retryWindow();

    interface Drift {
        /** How far a measured rate may sit from the catalog score before it counts as drift. */
        @WithDefault("0.10")
        double margin();

        /** Outcomes needed for a model × task type before drift is judged at all. */
        @WithDefault("100")
        int minSamples();

        /** How far back the drift report looks by default. */
        @WithDefault("7d")
        Duration window();

        /** How often the replica recomputes the drift report for the router.drift.flags gauge. */
        @WithDefault("5m")
        Duration checkInterval();
    }

    interface Regression {
        /** How often the policy that answers is compared with the one before it. */
        @WithDefault("60s")
        Duration interval();

        /** Outcomes needed on each side before a drop can be flagged. */
        @WithDefault("200")
        int minSamples();

        /** A drop is flagged when the one-sided p-value is below this. */
        @WithDefault("0.01")
        double significance();

        /** Roll back by itself when a drop is flagged (off: a person decides). */
        @WithDefault("false")
        boolean autoRollback();
    }

    interface Budgets {
        /** Spend limits per tenant: router.learn.budgets.tenants."acme".daily-usd=50 */
        Map<String, Tenant> tenants();

        /** How often a replica re-reads every replica's spend from the store. */
        @WithDefault("5s")
        Duration refreshInterval();
    }

    interface Tenant {
        Optional<Double> dailyUsd();

        Optional<Double> monthlyUsd();
    }
}
