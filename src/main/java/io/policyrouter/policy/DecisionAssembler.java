package io.policyrouter.policy;


import io.policyrouter.vocabulary.Annotations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a rule-engine run into the Decision the caller sees: targets, constraints, removals, fired rules. */
public final class DecisionAssembler {

    private DecisionAssembler() {
    }

    public static Decision assemble(String decisionId, String policyVersion, Evaluation e, PolicyIndex index,
                                    Annotations annotations, List<String> policyWarnings) {
        RequestFacts f = e.facts();
        String capability = e.requirement() == null ? f.getTaskType() : e.requirement().getCapability();
        int timeout = e.tier() == null ? 0 : e.tier().getTimeoutMs();

        Decision.Target primary = null;
        List<Decision.Target> fallbacks = new ArrayList<>();
        if (e.refusal() == null && e.primary() != null) {
            primary = target(e.primary().getCandidate(), capability, timeout, f, e.primary().getVia().name());
            if (e.fallbacks() != null) {
                for (Candidate c : e.fallbacks().getChain()) {
                    fallbacks.add(target(c, capability, timeout, f, "FALLBACK"));
                }
            }
        }
        String strategy = e.primary() != null && e.primary().getVia() == Primary.Via.CASCADE ? "cascade" : "direct";

        // Every text a rule wrote may name this request's numbers as placeholders: filled in here, from the facts.
        List<Decision.AppliedConstraint> constraints = e.constraints().stream()
                .map(k -> new Decision.AppliedConstraint(Placeholders.render(k.describe(), f),
                        describe(index, k.getRule()), k.getKind().name(), k.getValues().stream().sorted().toList(),
                        k.getKind() == Constraint.Kind.CONTEXT_WINDOW ? Placeholders.contextNeed(f) : k.getLimit()))
                .toList();
        List<Decision.RemovedCandidate> removed = e.candidates().stream().filter(c -> !c.isEligible())
                .map(c -> new Decision.RemovedCandidate(c.getId(), c.getProvider(),
                        c.getRemovals().stream().map(r -> Placeholders.render(r.reason() + " ["
                                + r.constraint().describe() + "]", f)).toList()))
                .toList();
        List<Decision.FiredRule> fired = new ArrayList<>();
        for (Map.Entry<String, Integer> r : e.firedRules().entrySet()) {
            PolicyIndex.RuleSource s = index.source(r.getKey());
            fired.add(new Decision.FiredRule(r.getKey(), s == null ? null : s.file(), s == null ? null : s.sheet(),
                    s == null ? null : s.table(), s == null ? null : s.row(),
                    Placeholders.render(e.trace().reasonFor(r.getKey()), f), r.getValue()));
        }
        Decision.Tier tier = e.tier() == null ? null : new Decision.Tier(e.tier().getName(), e.tier().getMaxP95Ms(),
                e.tier().getTimeoutMs(), e.tier().isDefaulted(), describe(index, e.tier().getRule()));
        Refusal refusal = e.refusal() == null ? null : e.refusal().rendered(
                Placeholders.render(e.refusal().getReason(), f), Placeholders.render(e.refusal().getConstraint(), f),
                describe(index, e.refusal().getRule()));
        return new Decision(decisionId, policyVersion, primary, List.copyOf(fallbacks), strategy, tier, e.requirement(),
                constraints, removed, List.copyOf(fired), notes(e.trace().notes(), policyWarnings, f),
                primary == null ? 0.0 : primary.estimatedCostUsd(), false, refusal, annotations, f);
    }

    private static List<String> notes(List<String> trace, List<String> policyWarnings, RequestFacts f) {
        List<String> notes = new ArrayList<>(policyWarnings);
        trace.forEach(n -> notes.add(Placeholders.render(n, f)));
        return List.copyOf(notes);
    }

    private static Decision.Target target(Candidate c, String capability, int timeout, RequestFacts f, String by) {
        return new Decision.Target(c.getId(), c.getProvider(), timeout, c.score(capability),
                round(c.estimateCost(f.getTokens(), f.getExpectedOutputTokens())), by.toLowerCase(java.util.Locale.ROOT));
    }

    /** "decision-tables/.../compliance.drl.xlsx, sheet Compliance, row 14" or "rules/.../filters.drl". */
    static String describe(PolicyIndex index, String rule) {
        if (rule == null || rule.isEmpty()) {
            return null;
        }
        PolicyIndex.RuleSource s = index.source(rule);
        if (s == null) {
            return rule;
        }
        return s.row() != null ? s.file() + ", sheet " + s.sheet() + ", row " + s.row() : s.file() + " (" + rule + ")";
    }

    private static double round(double usd) {
        return Math.round(usd * 1e8) / 1e8;
    }
}
