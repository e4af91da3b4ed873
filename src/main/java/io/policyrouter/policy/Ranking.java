package io.policyrouter.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Orderings the selection rules call. The rules decide WHICH ordering applies (quality first, cost leads) and which
 * candidates are in the pool; this class only sorts, deterministically (ties end on the model id).
 */
public final class Ranking {

    private Ranking() {
    }

    /**
     * Quality first: the best score leads; among models within {@code margin} of the best remaining score the cheaper
     * goes first. A hard request never goes to a weaker model to save money beyond that margin.
     */
    public static List<Candidate> qualityFirst(Collection<?> pool, String capability, double margin,
                                               RequestFacts facts) {
        List<Candidate> remaining = candidates(pool);
        remaining.sort(Comparator.comparingDouble((Candidate c) -> -c.score(capability)).thenComparing(Candidate::getId));
        List<Candidate> ordered = new ArrayList<>();
        while (!remaining.isEmpty()) {
            double best = remaining.get(0).score(capability);
            Candidate pick = remaining.get(0);
            for (Candidate c : remaining) {
                if (c.score(capability) < best - margin - 1e-9) {
                    break;
                }
                if (cost(c, facts) < cost(pick, facts) - 1e-12) {
                    pick = c;
                }
            }
            ordered.add(pick);
            remaining.remove(pick);
        }
        return ordered;
    }

    /** Cost leads: the cheapest model of the pool first, the better score breaking ties. */
    public static List<Candidate> cheapestFirst(Collection<?> pool, String capability, RequestFacts facts) {
        List<Candidate> ordered = candidates(pool);
        ordered.sort(Comparator.comparingDouble((Candidate c) -> cost(c, facts))
                .thenComparingDouble(c -> -c.score(capability)).thenComparing(Candidate::getId));
        return ordered;
    }

    public static Candidate first(List<Candidate> ordered) {
        return ordered.get(0);
    }

    /**
     * The fallback chain: the next most capable models in quality-first order, but the best model of each provider
     * not yet in the chain comes before a second model of a provider — after a provider outage the first fallback
     * is already elsewhere. For an escalation (cascade) the most capable model comes first.
     */
    public static List<Candidate> fallbacks(Candidate primary, Collection<?> pool, String capability, double margin,
                                            int max, RequestFacts facts, boolean escalation) {
        List<Candidate> ranked = qualityFirst(pool, capability, margin, facts);
        ranked.remove(primary);
        Set<String> providers = new HashSet<>();
        providers.add(primary.getProvider());
        LinkedHashSet<Candidate> chain = new LinkedHashSet<>();
        if (escalation && !ranked.isEmpty() && max > 0) {
            // A cascade escalates because the answer was not good enough: the best model comes first.
            chain.add(ranked.get(0));
            providers.add(ranked.get(0).getProvider());
        }
        for (Candidate c : ranked) {
            if (chain.size() < max && providers.add(c.getProvider())) {
                chain.add(c);
            }
        }
        for (Candidate c : ranked) {
            if (chain.size() < max) {
                chain.add(c);
            }
        }
        return new ArrayList<>(chain);
    }

    /**
     * The constraint that emptied the candidate set: applying constraints in the order they were produced, the first
     * one after which no candidate survives.
     */
    public static Constraint emptiedBy(Collection<?> all) {
        List<Candidate> candidates = candidates(all);
        List<Constraint> constraints = new ArrayList<>();
        for (Candidate c : candidates) {
            for (Candidate.Removal r : c.getRemovals()) {
                if (!constraints.contains(r.constraint())) {
                    constraints.add(r.constraint());
                }
            }
        }
        constraints.sort(Comparator.comparingLong(Constraint::getSequence));
        Set<Constraint> applied = new HashSet<>();
        for (Constraint k : constraints) {
            applied.add(k);
            boolean anyLeft = candidates.stream().anyMatch(c -> c.getRemovals().stream()
                    .noneMatch(r -> applied.contains(r.constraint())));
            if (!anyLeft) {
                return k;
            }
        }
        return constraints.isEmpty() ? null : constraints.get(constraints.size() - 1);
    }

    public static String ids(Collection<Candidate> candidates) {
        return candidates.stream().map(Candidate::getId).toList().toString();
    }

    private static double cost(Candidate c, RequestFacts facts) {
        return c.estimateCost(facts.getTokens(), facts.getExpectedOutputTokens());
    }

    private static List<Candidate> candidates(Collection<?> pool) {
        List<Candidate> list = new ArrayList<>(pool.size());
        for (Object o : pool) {
            list.add((Candidate) o);
        }
        return list;
    }
}
