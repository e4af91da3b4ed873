package io.policyrouter.rest;

import io.policyrouter.service.PolicyLifecycle;
import io.policyrouter.service.ShadowReport;
import io.policyrouter.store.PolicyChange;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The policy lifecycle and the shadow report on the wire (records of their own, mapped here). */
@ApplicationScoped
public class PolicyViews {

    public record Status(String answering, String compiledActive, String compiledCandidate, String sharedActive,
                         String sharedPrevious, Long sharedChangedAtMs, List<Change> changes, long watchIntervalMs,
                         String replica) {
    }

    public record Change(long atMs, String actor, String action, String fromVersion, String toVersion,
                         String replica) {
    }

    public record Shadow(String activeVersion, String candidateVersion, long windowSeconds, long evaluated,
                         long diverged, double divergenceRate, double divergenceRateLow, double divergenceRateHigh,
                         double costDeltaPer1000Usd, Differences differences, List<Responsible> responsible,
                         Map<String, Split> byTaskType, Map<String, Split> byTier, boolean truncated) {
    }

    public record Differences(long primary, long chain, long strategy, long refusal) {
    }

    public record Responsible(String rule, String file, String sheet, Integer row, String firedIn, String why,
                              long requests, List<String> exampleDecisionIds) {
    }

    public record Split(long evaluated, long diverged, double rate, double rateLow, double rateHigh) {
    }

    public Status toView(PolicyLifecycle.Status s) {
        return new Status(s.answering(), s.compiledActive(), s.compiledCandidate(),
                s.shared() == null ? null : s.shared().activeVersion(),
                s.shared() == null ? null : s.shared().previousVersion(),
                s.shared() == null ? null : s.shared().changedAtMs(),
                s.changes().stream().map(PolicyViews::change).toList(), s.watchIntervalMs(), s.replica());
    }

    private static Change change(PolicyChange c) {
        return new Change(c.atMs(), c.actor(), c.action(), c.fromVersion(), c.toVersion(), c.replica());
    }

    public Shadow toView(ShadowReport.Report r) {
        return new Shadow(r.activeVersion(), r.candidateVersion(), r.window().toSeconds(), r.evaluated(), r.diverged(),
                r.divergenceRate(), r.low(), r.high(), r.costDeltaPer1000Usd(),
                new Differences(r.primaryDiffers(), r.chainDiffers(), r.strategyDiffers(), r.refusalDiffers()),
                r.responsible().stream().map(x -> new Responsible(x.rule(), x.file(), x.sheet(), x.row(), x.firedIn(),
                        x.why(), x.requests(), x.examples())).toList(), splits(r.byTaskType()), splits(r.byTier()),
                r.truncated());
    }

    private static Map<String, Split> splits(Map<String, ShadowReport.Split> in) {
        Map<String, Split> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, new Split(v.evaluated(), v.diverged(), v.rate(), v.low(), v.high())));
        return out;
    }
}
