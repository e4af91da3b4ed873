package io.policyrouter.service;

import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.learn.Dashboard;
import io.policyrouter.learn.DriftReport;
import io.policyrouter.learn.LearnConfig;
import io.policyrouter.learn.OutcomeStats;
import io.policyrouter.learn.SpendLedger;
import io.policyrouter.store.DecisionStore;
import io.policyrouter.store.StoreBackend;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.function.Function;

/**
 * The calibration loop's read side, over the store (so over every replica): outcome statistics, the drift report,
 * and the dashboard's data. Queries are aggregates over the window; they run on worker threads, never on an event
 * loop.
 */
@ApplicationScoped
public class LoopService {

    private final StoreBackend backend;
    private final ModelCatalog catalog;
    private final LearnConfig config;
    private final SpendLedger budgets;
    private final RegressionWatch regression;
    private final ShadowReport shadow;

    private volatile int driftFlags;

    public LoopService(StoreBackend backend, ModelCatalog catalog, LearnConfig config, SpendLedger budgets,
                       RegressionWatch regression, ShadowReport shadow, MeterRegistry meters) {
        this.backend = backend;
        this.catalog = catalog;
        this.config = config;
        this.budgets = budgets;
        this.regression = regression;
        this.shadow = shadow;
        Gauge.builder("router.drift.flags", this, s -> s.driftFlags)
                .description("Model x task type pairs whose measured outcomes left their catalog score (last check)")
                .register(meters);
    }

    void onStart(@Observes StartupEvent event, Vertx vertx) {
        if (backend.store().isEmpty()) {
            return;
        }
        long every = Math.max(1000, config.drift().checkInterval().toMillis());
        vertx.setPeriodic(every, every, id -> vertx.executeBlocking(() -> {
            try {
                driftFlags = drift(null).flags().size();
            } catch (StoreUnavailableException e) {
                // the last count stays; the store's health check says why
            }
            return null;
        }, false));
    }

    public OutcomeStats.Report outcomes(Duration window) {
        return query(store -> OutcomeStats.of(store, catalog, since(window, Duration.ofDays(1))));
    }

    public DriftReport.Report drift(Duration window) {
        long since = since(window, config.drift().window());
        DriftReport.Report r = query(store -> DriftReport.of(OutcomeStats.of(store, catalog, since).cells(), catalog,
                config.drift().margin(), config.drift().minSamples(), since));
        if (window == null) {
            driftFlags = r.flags().size();
        }
        return r;
    }

    public RegressionWatch.Status regression() {
        return regression.status();
    }

    public Dashboard.Data dashboard(Duration window) {
        Duration w = window == null ? Duration.ofHours(24) : window;
        long since = System.currentTimeMillis() - w.toMillis();
        return query(store -> {
            OutcomeStats.Report outcomes = OutcomeStats.of(store, catalog, since);
            DriftReport.Report drift = DriftReport.of(outcomes.cells(), catalog, config.drift().margin(),
                    config.drift().minSamples(), since);
            ShadowReport.Report s = shadow.available() ? shadow.report(w) : null;
            return Dashboard.of(store, since, w, outcomes, drift, s == null ? null : new Dashboard.Shadow(
                            s.activeVersion(), s.candidateVersion(), s.evaluated(), s.diverged(), s.divergenceRate(),
                            s.low(), s.high(), s.costDeltaPer1000Usd()),
                    regression.status().flagged(), budgets.standing());
        });
    }

    private static long since(Duration window, Duration fallback) {
        return System.currentTimeMillis() - (window == null ? fallback : window).toMillis();
    }

    private <T> T query(Function<DecisionStore, T> q) {
        return StoreAccess.query(backend, "the calibration loop's reports", q);
    }
}
