package io.policyrouter.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.policyrouter.learn.LearnConfig;
import io.policyrouter.learn.Outcome;
import io.policyrouter.learn.Wilson;
import io.policyrouter.store.DecisionStore;
import io.policyrouter.store.PolicyState;
import io.policyrouter.store.StoreBackend;
import io.policyrouter.store.StoreException;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * After a promotion, compares the positive-outcome rate of the policy that now answers with the one before it
 * (decisions of the previous version over the same length of time before the change). A significant drop — a
 * one-sided two-proportion test below {@code significance}, with {@code min-samples} judged outcomes on each side —
 * is flagged on the dashboard and as the gauge {@code router.regression.flagged}; with {@code auto-rollback} on, the
 * watch rolls back by itself (recorded as actor "regression-watch").
 */
@ApplicationScoped
public class RegressionWatch {

    private static final Logger LOG = Logger.getLogger(RegressionWatch.class);

    public record Side(String version, long judged, long positive, double rate, double low, double high) {
    }

    public record Status(boolean flagged, String reason, Side current, Side previous, double pValue,
                         boolean autoRollback, long checkedAtMs) {
    }

    private final StoreBackend backend;
    private final LearnConfig.Regression config;
    private final PolicyLifecycle lifecycle;
    private final Vertx vertx;
    private volatile Status status;

    public RegressionWatch(StoreBackend backend, LearnConfig config, PolicyLifecycle lifecycle, Vertx vertx,
                           MeterRegistry meters) {
        this.backend = backend;
        this.config = config.regression();
        this.lifecycle = lifecycle;
        this.vertx = vertx;
        this.status = new Status(false, "no promotion to watch", null, null, 1, this.config.autoRollback(), 0);
        Gauge.builder("router.regression.flagged", this, w -> w.status.flagged() ? 1 : 0)
                .description("1 while the promoted policy's positive-outcome rate is significantly below the previous "
                        + "policy's").register(meters);
    }

    void onStart(@Observes StartupEvent event) {
        if (backend.store().isEmpty()) {
            return;
        }
        long every = Math.max(1000, config.interval().toMillis());
        vertx.setPeriodic(every, every, id -> vertx.executeBlocking(() -> {
            check();
            return null;
        }, false));
    }

    public Status status() {
        return status;
    }

    /** One comparison; quiet while the store is away. */
    Status check() {
        try {
            DecisionStore store = backend.ready();
            Optional<PolicyState> state = store.policyState();
            status = evaluate(store, state, config, System.currentTimeMillis());
            if (status.flagged()) {
                PolicyState s = state.get();
                LOG.warnf("regression after promotion: %s", status.reason());
                if (config.autoRollback()) {
                    try {
                        lifecycle.rollback("regression-watch");
                        LOG.warnf("rolled back %s to %s (router.learn.regression.auto-rollback)", s.activeVersion(),
                                s.previousVersion());
                    } catch (PolicyChangeException e) {
                        LOG.infof("automatic rollback not needed: %s", e.getMessage()); // another replica did it
                    }
                }
            }
        } catch (StoreException e) {
            LOG.debugf("regression watch skipped: %s", e.getMessage());
        }
        return status;
    }

    /** The comparison itself: the policy now answering against the one before it, from the store. */
    static Status evaluate(DecisionStore store, Optional<PolicyState> state, LearnConfig.Regression config, long now) {
        if (state.isEmpty() || state.get().previousVersion() == null) {
            return new Status(false, "no promotion to watch", null, null, 1, config.autoRollback(), now);
        }
        PolicyState s = state.get();
        long span = Math.max(now - s.changedAtMs(), 3_600_000L);
        Side current = side(store, s.activeVersion(), s.changedAtMs(), now + 1);
        Side previous = side(store, s.previousVersion(), s.changedAtMs() - span, s.changedAtMs());
        double p = Wilson.pBelow(current.positive(), current.judged(), previous.positive(), previous.judged());
        boolean enough = current.judged() >= config.minSamples() && previous.judged() >= config.minSamples();
        boolean flagged = enough && p < config.significance();
        String reason = !enough ? "waiting for " + config.minSamples() + " judged outcomes on each side"
                : flagged ? String.format(java.util.Locale.ROOT, "positive rate fell from %.3f to %.3f since the "
                + "promotion of %s (p = %.4f)", previous.rate(), current.rate(), s.activeVersion(), p)
                : "no significant drop";
        return new Status(flagged, reason, current, previous, p, config.autoRollback(), now);
    }

    private static Side side(DecisionStore store, String version, long fromMs, long toMs) {
        long positive = 0;
        long judged = 0;
        for (DecisionStore.Row r : store.rows("SELECT f.outcome, COUNT(*) FROM feedback f JOIN decisions d "
                + "ON d.decision_id = f.decision_id WHERE d.policy_version = ? AND d.at_ms >= ? AND d.at_ms < ? "
                + "GROUP BY f.outcome", version, fromMs, toMs)) {
            Optional<Outcome> o = Outcome.of(r.asString(0));
            if (o.isPresent()) {
                judged += r.asLong(1);
                positive += o.get().positive() ? r.asLong(1) : 0;
            }
        }
        double[] ci = Wilson.interval(positive, judged, Wilson.Z95);
        return new Side(version, judged, positive, judged == 0 ? 0 : (double) positive / judged, ci[0], ci[1]);
    }
}
