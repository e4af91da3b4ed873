package io.policyrouter.rest;

import io.policyrouter.learn.Dashboard;
import io.policyrouter.learn.DriftReport;
import io.policyrouter.learn.Outcome;
import io.policyrouter.learn.OutcomeStats;
import io.policyrouter.service.FeedbackService;
import io.policyrouter.service.RegressionWatch;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The calibration loop's wire format: feedback in and out, outcome statistics, drift, regression, dashboard data. */
@ApplicationScoped
public class LoopViews {

    static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9_.:@/-]{1,128}");
    static final Pattern DECISION_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    public record Feedback(String decisionId, String source, String outcome, Double score, String detail,
                           String recordedAt, boolean created) {
    }

    public record Cell(String model, String taskType, String policyVersion, long decisions, long dispatched,
                       long judged, long positive, double positiveRate, double positiveRateLow,
                       double positiveRateHigh, double escalationRate, double retryRate, Double meanScore,
                       double estimatedCostUsd, double actualCostUsd, long withUsage) {
    }

    public record Quality(long judged, long negativeOnWeakerModel, long negativeOnStrongestModel, double rate) {
    }

    public record CostSignals(long shadowEvaluated, long cheaperCandidateNoComplaint, double avoidableCostUsd,
                              Map<String, Long> byActiveModel) {
    }

    public record Outcomes(String since, List<Cell> cells, Quality qualityDirection, CostSignals costDirection) {
    }

    public record Flag(String model, String taskType, double catalogScore, double measured, double measuredLow,
                       double measuredHigh, long outcomes, String direction, double proposedScore,
                       boolean needsApproval, String diff) {
    }

    public record Checked(String model, String taskType, double catalogScore, double measured, double measuredLow,
                          double measuredHigh, long outcomes, boolean flagged) {
    }

    public record Drift(String since, double margin, int minSamples, String catalog, List<Flag> flags,
                        List<Checked> checked, long pairsWithTooFewOutcomes, String diff) {
    }

    public record Side(String policyVersion, long judged, long positive, double rate, double rateLow,
                       double rateHigh) {
    }

    public record Regression(boolean flagged, String reason, Side current, Side previous, double pValue,
                             boolean autoRollback, String checkedAt) {
    }

    public record Series(long bucketMs, List<Long> buckets, Map<String, List<Long>> counts) {
    }

    public record Cost(String key, long decisions, double estimatedUsd, long withUsage, double actualUsd,
                       double estimatedForUsageUsd) {
    }

    public record DispatchTotals(long dispatched, long fallbacks, long escalations, long errors, long retries) {
    }

    public record Shadow(String activeVersion, String candidateVersion, long evaluated, long diverged, double rate,
                         double rateLow, double rateHigh, double costDeltaPer1000Usd) {
    }

    public record Budget(String tenant, double spentTodayUsd, Double dailyUsd, double spentMonthUsd,
                         Double monthlyUsd) {
    }

    public record Recent(String decisionId, String at, String tenant, String taskType, String tier, String model,
                         String strategy, boolean refused, double estimatedCostUsd, String result) {
    }

    public record DashboardView(String since, long windowSeconds, long decisions, long refused, Series byModel,
                                Series byTier, Series byTaskType, List<Cost> costByModel, List<Cost> costByTenant,
                                DispatchTotals dispatch, Quality qualityDirection, CostSignals costDirection,
                                Shadow shadow, List<Flag> drift, boolean regressionFlagged, List<Budget> budgets,
                                List<Recent> recent) {
    }

    /** Validates a feedback body; 400 names the field. */
    FeedbackService.Input toDomain(FeedbackBody b) {
        if (b == null) {
            throw new BadRequestException(null, "a JSON body with decision_id and outcome is required");
        }
        if (b.decisionId() == null || b.decisionId().isBlank()) {
            throw new BadRequestException("decision_id", "decision_id is required");
        }
        if (!DECISION_ID.matcher(b.decisionId()).matches()) {
            throw new BadRequestException("decision_id", "decision_id is not a decision id (letters, digits and '-', "
                    + "at most 64)");
        }
        if (b.outcome() == null || b.outcome().isBlank()) {
            throw new BadRequestException("outcome", "outcome is required: one of " + Outcome.callerNames());
        }
        Outcome outcome = Outcome.of(b.outcome().trim().toLowerCase(Locale.ROOT))
                .filter(o -> o != Outcome.FAILED_CHECK)
                .orElseThrow(() -> new BadRequestException("outcome", "unknown outcome '" + b.outcome() + "': one of "
                        + Outcome.callerNames()));
        if (b.score() != null && (b.score().isNaN() || b.score() < 0 || b.score() > 1)) {
            throw new BadRequestException("score", "score must be a number from 0 to 1");
        }
        String source = b.source() == null || b.source().isBlank() ? "client" : b.source().trim();
        if (!SOURCE.matcher(source).matches()) {
            throw new BadRequestException("source", "source must be 1-128 letters, digits or _ . : @ / -");
        }
        if (source.startsWith("router:")) {
            throw new BadRequestException("source", "sources starting with 'router:' are the router's own signals");
        }
        if (b.detail() != null && b.detail().length() > 500) {
            throw new BadRequestException("detail", "detail must be at most 500 characters");
        }
        return new FeedbackService.Input(b.decisionId(), outcome, b.score(), source, b.detail());
    }

    Feedback toView(FeedbackService.Result r) {
        var f = r.feedback();
        return new Feedback(f.decisionId(), f.source(), f.outcome(), f.score(), f.detail(), at(f.atMs()), r.created());
    }

    Outcomes toView(OutcomeStats.Report r) {
        return new Outcomes(at(r.sinceMs()), r.cells().stream().map(LoopViews::cell).toList(), quality(r.quality()),
                cost(r.cost()));
    }

    Drift toView(DriftReport.Report r) {
        return new Drift(at(r.sinceMs()), r.margin(), r.minSamples(), r.catalogSource(),
                r.flags().stream().map(LoopViews::flag).toList(),
                r.checked().stream().map(c -> new Checked(c.model(), c.taskType(), c.catalogScore(), c.measured(),
                        c.low(), c.high(), c.outcomes(), c.flagged())).toList(), r.tooFewOutcomes(), r.diff());
    }

    Regression toView(RegressionWatch.Status s) {
        return new Regression(s.flagged(), s.reason(), side(s.current()), side(s.previous()), s.pValue(),
                s.autoRollback(), s.checkedAtMs() == 0 ? null : at(s.checkedAtMs()));
    }

    DashboardView toView(Dashboard.Data d) {
        Dashboard.Shadow s = d.shadow();
        return new DashboardView(at(d.sinceMs()), d.window().toSeconds(), d.decisions(), d.refused(),
                series(d.byModel()), series(d.byTier()), series(d.byTaskType()),
                d.costByModel().stream().map(LoopViews::cost).toList(),
                d.costByTenant().stream().map(LoopViews::cost).toList(),
                new DispatchTotals(d.dispatch().dispatched(), d.dispatch().fallbacks(), d.dispatch().escalations(),
                        d.dispatch().errors(), d.dispatch().retries()), quality(d.quality()), cost(d.cost()),
                s == null ? null : new Shadow(s.activeVersion(), s.candidateVersion(), s.evaluated(), s.diverged(),
                        s.rate(), s.low(), s.high(), s.costDeltaPer1000Usd()),
                d.drift().stream().map(LoopViews::flag).toList(), d.regressionFlagged(),
                d.budgets().stream().map(b -> new Budget(b.tenant(), b.spentTodayUsd(), number(b.dailyUsd()),
                        b.spentMonthUsd(), number(b.monthlyUsd()))).toList(),
                d.recent().stream().map(x -> new Recent(x.decisionId(), at(x.atMs()), x.tenant(), x.taskType(),
                        x.tier(), x.model(), x.strategy(), x.refused(), x.estimatedCostUsd(), x.result())).toList());
    }

    /** The window query parameter: an ISO-8601 duration (PT24H, P7D); null or blank for the default. */
    static Duration window(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Duration d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(400)) > 0) {
                throw new BadRequestException("window", "window must be positive and at most P400D");
            }
            return d;
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadRequestException("window", "window must be an ISO-8601 duration such as PT24H or P7D");
        }
    }

    private static Cell cell(OutcomeStats.Cell c) {
        double[] ci = c.interval();
        return new Cell(c.model(), c.taskType(), c.policyVersion(), c.decisions(), c.dispatched(), c.judged(),
                c.positive(), c.positiveRate(), ci[0], ci[1], c.escalationRate(), c.retryRate(),
                c.scored() == 0 ? null : c.meanScore(), c.estimatedCostUsd(), c.actualCostUsd(), c.withUsage());
    }

    private static Quality quality(OutcomeStats.QualityErrors q) {
        return new Quality(q.judged(), q.negativeOnWeaker(), q.negativeOnStrongest(), q.rate());
    }

    private static CostSignals cost(OutcomeStats.CostSignals c) {
        return new CostSignals(c.shadowEvaluated(), c.cheaperCandidateNoComplaint(), c.avoidableCostUsd(),
                c.byActiveModel());
    }

    private static Flag flag(DriftReport.Flag f) {
        return new Flag(f.model(), f.taskType(), f.catalogScore(), f.measured(), f.low(), f.high(), f.outcomes(),
                f.direction(), f.proposedScore(), f.needsApproval(), f.diff());
    }

    private static Side side(RegressionWatch.Side s) {
        return s == null ? null : new Side(s.version(), s.judged(), s.positive(), s.rate(), s.low(), s.high());
    }

    private static Series series(Dashboard.Series s) {
        return new Series(s.bucketMs(), s.buckets(), s.counts());
    }

    private static Cost cost(Dashboard.Cost c) {
        return new Cost(c.key(), c.decisions(), c.estimatedUsd(), c.withUsage(), c.actualUsd(),
                c.estimatedForUsageUsd());
    }

    private static Double number(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static String at(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }
}
