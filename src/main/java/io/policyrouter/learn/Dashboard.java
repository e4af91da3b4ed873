package io.policyrouter.learn;

import io.policyrouter.store.DecisionStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the routing dashboard shows, from the store (every replica): routing distribution over time by model, tier
 * and task type; cost per model and per tenant, estimated and actual; fallbacks, escalations and the two error
 * directions; shadow divergence; drift flags; the regression flag; budgets; the most recent decisions.
 */
public final class Dashboard {

    /** Buckets per window in the time series. */
    static final int BUCKETS = 24;
    static final int RECENT = 25;

    /** Counts per bucket start (epoch ms) per key (a model, a tier, a task type). */
    public record Series(long bucketMs, List<Long> buckets, Map<String, List<Long>> counts) {
    }

    public record Cost(String key, long decisions, double estimatedUsd, long withUsage, double actualUsd,
                       double estimatedForUsageUsd) {
    }

    public record Dispatch(long dispatched, long fallbacks, long escalations, long errors, long retries) {
    }

    public record Shadow(String activeVersion, String candidateVersion, long evaluated, long diverged, double rate,
                         double low, double high, double costDeltaPer1000Usd) {
    }

    public record Budget(String tenant, double spentTodayUsd, double dailyUsd, double spentMonthUsd,
                         double monthlyUsd) {
    }

    public record Recent(String decisionId, long atMs, String tenant, String taskType, String tier, String model,
                         String strategy, boolean refused, double estimatedCostUsd, String result) {
    }

    public record Data(long sinceMs, Duration window, long decisions, long refused, Series byModel, Series byTier,
                       Series byTaskType, List<Cost> costByModel, List<Cost> costByTenant, Dispatch dispatch,
                       OutcomeStats.QualityErrors quality, OutcomeStats.CostSignals cost, Shadow shadow,
                       List<DriftReport.Flag> drift, boolean regressionFlagged, List<Budget> budgets,
                       List<Recent> recent) {
    }

    private Dashboard() {
    }

    public static Data of(DecisionStore store, long sinceMs, Duration window, OutcomeStats.Report outcomes,
                          DriftReport.Report drift, Shadow shadow, boolean regressionFlagged,
                          Map<String, double[]> budgets) {
        long bucket = Math.max(60_000L, window.toMillis() / BUCKETS / 60_000L * 60_000L);
        long first = sinceMs / bucket * bucket;
        long decisions = 0;
        long refused = 0;
        for (DecisionStore.Row r : store.rows("SELECT refused, COUNT(*) FROM decisions WHERE at_ms >= ? "
                + "GROUP BY refused", sinceMs)) {
            decisions += r.asLong(1);
            refused += Boolean.TRUE.equals(r.values()[0]) ? r.asLong(1) : 0;
        }
        List<Budget> standing = new ArrayList<>();
        budgets.forEach((t, b) -> standing.add(new Budget(t, b[0], b[1], b[2], b[3])));
        return new Data(sinceMs, window, decisions, refused, series(store, "COALESCE(model, '(refused)')", sinceMs,
                first, bucket), series(store, "COALESCE(tier, '(none)')", sinceMs, first, bucket),
                series(store, "task_type", sinceMs, first, bucket), costs(store, "d.model", sinceMs),
                costs(store, "COALESCE(d.tenant, '(none)')", sinceMs), dispatch(store, sinceMs), outcomes.quality(),
                outcomes.cost(), shadow, drift.flags(), regressionFlagged, standing, recent(store, sinceMs));
    }

    private static Series series(DecisionStore store, String key, long sinceMs, long first, long bucket) {
        int n = (int) ((System.currentTimeMillis() - first) / bucket) + 1;
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            starts.add(first + i * bucket);
        }
        Map<String, List<Long>> counts = new TreeMap<>();
        // the bucket size is ours (a long), never the caller's: safe to inline, and it keeps GROUP BY portable
        String start = "at_ms - MOD(at_ms, " + bucket + ")";
        for (DecisionStore.Row r : store.rows("SELECT " + start + ", " + key + ", COUNT(*) FROM decisions "
                + "WHERE at_ms >= ? GROUP BY " + start + ", " + key, sinceMs)) {
            long i = (r.asLong(0) - first) / bucket;
            if (i < 0 || i >= n) {
                continue;
            }
            List<Long> row = counts.computeIfAbsent(r.asString(1), k -> new ArrayList<>(Collections.nCopies(n, 0L)));
            row.set((int) i, row.get((int) i) + r.asLong(2));
        }
        return new Series(bucket, starts, counts);
    }

    private static List<Cost> costs(DecisionStore store, String key, long sinceMs) {
        List<Cost> out = new ArrayList<>();
        for (DecisionStore.Row r : store.rows("SELECT " + key + ", COUNT(*), SUM(d.estimated_cost), COUNT(x.cost_usd), "
                + "SUM(x.cost_usd), SUM(CASE WHEN x.cost_usd IS NULL THEN 0 ELSE d.estimated_cost END) "
                + "FROM decisions d LEFT JOIN dispatches x ON x.decision_id = d.decision_id "
                + "WHERE d.at_ms >= ? AND d.refused = FALSE GROUP BY " + key + " ORDER BY SUM(d.estimated_cost) DESC",
                sinceMs)) {
            out.add(new Cost(r.asString(0), r.asLong(1), r.asDouble(2), r.asLong(3), r.asDouble(4), r.asDouble(5)));
        }
        return out;
    }

    private static Dispatch dispatch(DecisionStore store, long sinceMs) {
        DecisionStore.Row r = store.rows("SELECT COUNT(*), SUM(CASE WHEN x.model <> d.model THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN x.status >= 400 THEN 1 ELSE 0 END) FROM dispatches x "
                + "JOIN decisions d ON d.decision_id = x.decision_id WHERE x.at_ms >= ?", sinceMs).get(0);
        Map<String, Long> signals = new LinkedHashMap<>();
        for (DecisionStore.Row f : store.rows("SELECT outcome, COUNT(*) FROM feedback WHERE at_ms >= ? "
                + "AND outcome IN ('escalated', 'failed_check', 'retried') GROUP BY outcome", sinceMs)) {
            signals.put(f.asString(0), f.asLong(1));
        }
        return new Dispatch(r.asLong(0), r.asLong(1), signals.getOrDefault("escalated", 0L)
                + signals.getOrDefault("failed_check", 0L), r.asLong(2), signals.getOrDefault("retried", 0L));
    }

    private static List<Recent> recent(DecisionStore store, long sinceMs) {
        List<Recent> out = new ArrayList<>();
        for (DecisionStore.Row r : store.rows("SELECT d.decision_id, d.at_ms, d.tenant, d.task_type, d.tier, d.model, "
                + "d.strategy, d.refused, d.estimated_cost, x.result FROM decisions d "
                + "LEFT JOIN dispatches x ON x.decision_id = d.decision_id WHERE d.at_ms >= ? "
                + "ORDER BY d.at_ms DESC LIMIT " + RECENT, sinceMs)) {
            out.add(new Recent(r.asString(0), r.asLong(1), r.asString(2), r.asString(3), r.asString(4),
                    r.asString(5), r.asString(6), Boolean.TRUE.equals(r.values()[7]), r.asDouble(8), r.asString(9)));
        }
        return out;
    }
}
