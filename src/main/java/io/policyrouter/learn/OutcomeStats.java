package io.policyrouter.learn;

import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.store.DecisionStore;
import io.policyrouter.vocabulary.TaskType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outcome statistics from the decision store, so from every replica: per model × task type × policy version the
 * volume, the share of positive outcomes with its Wilson interval, escalation and retry rates, and cost (estimated
 * at decision time, and actual from the provider's reported usage). The model is the one the policy chose: feedback
 * judges the choice. The two error directions are kept apart — a weaker model chosen and then rejected or escalated
 * (quality), a stronger model chosen where the candidate policy chose a cheaper one and nothing went wrong (cost).
 */
public final class OutcomeStats {

    private static final String NEGATIVE = Outcome.sqlList(false);

    /** One model × task type × policy version. */
    public record Cell(String model, String taskType, String policyVersion, long decisions, long dispatched,
                       long positive, long negative, long escalated, long retried, double meanScore, long scored,
                       double estimatedCostUsd, double actualCostUsd, long withUsage) {

        public long judged() {
            return positive + negative;
        }

        public double positiveRate() {
            return judged() == 0 ? 0 : (double) positive / judged();
        }

        public double[] interval() {
            return Wilson.interval(positive, judged(), Wilson.Z95);
        }

        public double escalationRate() {
            return dispatched == 0 ? 0 : (double) escalated / dispatched;
        }

        public double retryRate() {
            return dispatched == 0 ? 0 : (double) retried / dispatched;
        }

        Cell plus(Cell o) {
            long s = scored + o.scored;
            return new Cell(model, taskType, policyVersion, decisions + o.decisions, dispatched + o.dispatched,
                    positive + o.positive, negative + o.negative, escalated + o.escalated, retried + o.retried,
                    s == 0 ? 0 : (meanScore * scored + o.meanScore * o.scored) / s, s,
                    estimatedCostUsd + o.estimatedCostUsd, actualCostUsd + o.actualCostUsd, withUsage + o.withUsage);
        }
    }

    /** Quality direction: negative outcomes on a model weaker (for the task) than the best the catalog has. */
    public record QualityErrors(long judged, long negativeOnWeaker, long negativeOnStrongest, double rate) {
    }

    /** Cost direction: the candidate chose a cheaper model and the active choice got no negative outcome. */
    public record CostSignals(long shadowEvaluated, long cheaperCandidateNoComplaint, double avoidableCostUsd,
                              Map<String, Long> byActiveModel) {
    }

    public record Report(long sinceMs, List<Cell> cells, QualityErrors quality, CostSignals cost) {
    }

    private OutcomeStats() {
    }

    public static Report of(DecisionStore store, ModelCatalog catalog, long sinceMs) {
        Map<String, Cell> cells = new LinkedHashMap<>();
        for (DecisionStore.Row r : store.rows("SELECT d.model, d.task_type, d.policy_version, COUNT(*), "
                + "COUNT(x.decision_id), SUM(d.estimated_cost), SUM(x.cost_usd), COUNT(x.cost_usd) "
                + "FROM decisions d LEFT JOIN dispatches x ON x.decision_id = d.decision_id "
                + "WHERE d.at_ms >= ? AND d.refused = FALSE AND d.model IS NOT NULL "
                + "GROUP BY d.model, d.task_type, d.policy_version", sinceMs)) {
            Cell c = new Cell(r.asString(0), r.asString(1), r.asString(2), r.asLong(3), r.asLong(4), 0, 0, 0, 0, 0,
                    0, r.asDouble(5), r.asDouble(6), r.asLong(7));
            cells.put(key(c.model(), c.taskType(), c.policyVersion()), c);
        }
        for (DecisionStore.Row r : store.rows("SELECT d.model, d.task_type, d.policy_version, f.outcome, COUNT(*), "
                + "SUM(f.score), COUNT(f.score) FROM feedback f JOIN decisions d ON d.decision_id = f.decision_id "
                + "WHERE d.at_ms >= ? AND d.model IS NOT NULL "
                + "GROUP BY d.model, d.task_type, d.policy_version, f.outcome", sinceMs)) {
            Outcome o = Outcome.of(r.asString(3)).orElse(null);
            if (o == null) {
                continue;
            }
            long n = r.asLong(4);
            long scored = r.asLong(6);
            Cell add = new Cell(r.asString(0), r.asString(1), r.asString(2), 0, 0, o.positive() ? n : 0,
                    o.positive() ? 0 : n, o == Outcome.ESCALATED || o == Outcome.FAILED_CHECK ? n : 0,
                    o == Outcome.RETRIED ? n : 0, scored == 0 ? 0 : r.asDouble(5) / scored, scored, 0, 0, 0);
            cells.merge(key(add.model(), add.taskType(), add.policyVersion()), add, Cell::plus);
        }
        List<Cell> list = new ArrayList<>(cells.values());
        list.sort(Comparator.comparing(Cell::model).thenComparing(Cell::taskType).thenComparing(Cell::policyVersion));
        return new Report(sinceMs, List.copyOf(list), quality(list, catalog), cost(store, sinceMs));
    }

    /** The cells summed over policy versions: per model × task type. */
    public static List<Cell> byModelAndTask(List<Cell> cells) {
        Map<String, Cell> out = new LinkedHashMap<>();
        for (Cell c : cells) {
            Cell base = new Cell(c.model(), c.taskType(), "*", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            out.merge(key(c.model(), c.taskType(), "*"), base.plus(c), Cell::plus);
        }
        return List.copyOf(out.values());
    }

    private static QualityErrors quality(List<Cell> cells, ModelCatalog catalog) {
        long judged = 0;
        long weaker = 0;
        long strongest = 0;
        for (Cell c : cells) {
            judged += c.judged();
            TaskType task = TaskType.fromWire(c.taskType());
            double best = catalog.models().stream().mapToDouble(m -> m.score(task)).max().orElse(0);
            double own = catalog.find(c.model()).map(m -> m.score(task)).orElse(best);
            if (own < best) {
                weaker += c.negative();
            } else {
                strongest += c.negative();
            }
        }
        return new QualityErrors(judged, weaker, strongest, judged == 0 ? 0 : (double) weaker / judged);
    }

    private static CostSignals cost(DecisionStore store, long sinceMs) {
        long evaluated = store.rows("SELECT COUNT(*) FROM shadow_results WHERE at_ms >= ?", sinceMs).stream()
                .mapToLong(r -> r.asLong(0)).sum();
        Map<String, Long> byModel = new LinkedHashMap<>();
        long n = 0;
        double avoidable = 0;
        for (DecisionStore.Row r : store.rows("SELECT s.active_model, COUNT(*), SUM(s.cost_delta_usd) "
                + "FROM shadow_results s WHERE s.at_ms >= ? AND s.primary_differs = TRUE AND s.cost_delta_usd < 0 "
                + "AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.decision_id = s.decision_id AND f.outcome IN ("
                + NEGATIVE + ")) GROUP BY s.active_model ORDER BY COUNT(*) DESC", sinceMs)) {
            byModel.put(String.valueOf(r.asString(0)), r.asLong(1));
            n += r.asLong(1);
            avoidable -= r.asDouble(2);
        }
        return new CostSignals(evaluated, n, avoidable, byModel);
    }

    private static String key(String model, String task, String version) {
        return model + '\u0000' + task + '\u0000' + version;
    }
}
