package io.policyrouter.learn;

import io.micrometer.core.instrument.MeterRegistry;
import io.policyrouter.store.DecisionStore;
import io.policyrouter.store.StoreBackend;
import io.policyrouter.store.StoreException;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Per-tenant spend budgets per UTC day and month, enforced across replicas through the store. Each replica re-reads
 * every budgeted tenant's spend from the store (all replicas' dispatches, actual cost where the provider reported
 * usage, else the estimate) every {@code refresh-interval}, and adds what it has spent itself since. The check never
 * touches the store on the request path. Bound: the replicas together may overspend by what they spend in one
 * refresh interval plus one store flush.
 */
@ApplicationScoped
public class SpendLedger {

    private static final Logger LOG = Logger.getLogger(SpendLedger.class);

    private record Spent(double day, double month, long dayStartMs, long monthStartMs) {
    }

    private final LearnConfig.Budgets config;
    private final StoreBackend backend;
    private final Vertx vertx;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Spent> fromStore = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> sinceRefresh = new ConcurrentHashMap<>();

    public SpendLedger(LearnConfig config, StoreBackend backend, Vertx vertx, MeterRegistry meters) {
        this.config = config.budgets();
        this.backend = backend;
        this.vertx = vertx;
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    void onStart(@Observes StartupEvent event) {
        if (config.tenants().isEmpty() || backend.store().isEmpty()) {
            return;
        }
        long every = Math.max(100, config.refreshInterval().toMillis());
        vertx.setPeriodic(0, every, id -> vertx.executeBlocking(() -> {
            refresh();
            return null;
        }, false));
    }

    /** Throws when the tenant's daily or monthly budget is used up. */
    public void check(String tenant) {
        if (tenant == null || tenant.isEmpty()) {
            return;
        }
        LearnConfig.Tenant budget = config.tenants().get(tenant);
        if (budget == null) {
            return;
        }
        long now = clock.millis();
        Spent s = current(tenant, now);
        double local = sinceRefresh.getOrDefault(tenant, new DoubleAdder()).sum();
        if (budget.dailyUsd().isPresent() && s.day() + local >= budget.dailyUsd().get()) {
            throw exhausted(tenant, "day", budget.dailyUsd().get(), s.day() + local, nextDay(now) - now);
        }
        if (budget.monthlyUsd().isPresent() && s.month() + local >= budget.monthlyUsd().get()) {
            throw exhausted(tenant, "month", budget.monthlyUsd().get(), s.month() + local, nextMonth(now) - now);
        }
    }

    /** What this replica just spent for a tenant (actual cost, else the estimate). */
    public void spent(String tenant, double usd) {
        if (tenant != null && !tenant.isEmpty() && usd > 0 && config.tenants().containsKey(tenant)) {
            sinceRefresh.computeIfAbsent(tenant, t -> new DoubleAdder()).add(usd);
        }
    }

    /** Where a budgeted tenant stands (for the explanation and the dashboard). */
    public Map<String, double[]> standing() {
        Map<String, double[]> out = new java.util.TreeMap<>();
        long now = clock.millis();
        config.tenants().forEach((t, b) -> {
            Spent s = current(t, now);
            double local = sinceRefresh.getOrDefault(t, new DoubleAdder()).sum();
            out.put(t, new double[] {s.day() + local, b.dailyUsd().orElse(Double.NaN), s.month() + local,
                    b.monthlyUsd().orElse(Double.NaN)});
        });
        return out;
    }

    /** Re-reads every budgeted tenant's spend from the store; quiet while the store is away (last value stays). */
    void refresh() {
        DecisionStore store;
        try {
            store = backend.ready();
        } catch (StoreException e) {
            return;
        }
        long now = clock.millis();
        long day = dayStart(now);
        long month = monthStart(now);
        for (String tenant : config.tenants().keySet()) {
            try {
                // Taken before the query: what is spent meanwhile is counted again rather than missed.
                DoubleAdder local = sinceRefresh.computeIfAbsent(tenant, t -> new DoubleAdder());
                double before = local.sum();
                double d = spend(store, tenant, day);
                double m = spend(store, tenant, month);
                fromStore.put(tenant, new Spent(d, m, day, month));
                local.add(-before);
            } catch (StoreException e) {
                LOG.debugf("spend of tenant %s not refreshed: %s", tenant, e.getMessage());
            }
        }
    }

    static double spend(DecisionStore store, String tenant, long sinceMs) {
        return store.rows("SELECT SUM(COALESCE(x.cost_usd, d.estimated_cost)) FROM dispatches x "
                + "JOIN decisions d ON d.decision_id = x.decision_id WHERE d.tenant = ? AND x.at_ms >= ?", tenant,
                sinceMs).stream().mapToDouble(r -> r.asDouble(0)).sum();
    }

    private Spent current(String tenant, long now) {
        Spent s = fromStore.get(tenant);
        if (s == null || s.dayStartMs() != dayStart(now)) {
            // a new day (or month) began since the last refresh: what was spent before it does not count
            return s == null ? new Spent(0, 0, dayStart(now), monthStart(now))
                    : new Spent(0, s.monthStartMs() == monthStart(now) ? s.month() : 0, dayStart(now), monthStart(now));
        }
        return s;
    }

    private BudgetExhaustedException exhausted(String tenant, String scope, double limit, double spent, long waitMs) {
        meters.counter("router.budget.exhausted", "scope", scope).increment();
        return new BudgetExhaustedException(tenant, scope, limit, spent, Duration.ofMillis(Math.max(1000, waitMs)));
    }

    private static long dayStart(long ms) {
        return LocalDate.ofInstant(java.time.Instant.ofEpochMilli(ms), ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC)
                .toInstant().toEpochMilli();
    }

    private static long nextDay(long ms) {
        return dayStart(ms) + Duration.ofDays(1).toMillis();
    }

    private static long monthStart(long ms) {
        return LocalDate.ofInstant(java.time.Instant.ofEpochMilli(ms), ZoneOffset.UTC).withDayOfMonth(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private static long nextMonth(long ms) {
        return LocalDate.ofInstant(java.time.Instant.ofEpochMilli(ms), ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
