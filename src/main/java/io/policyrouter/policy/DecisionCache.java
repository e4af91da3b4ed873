package io.policyrouter.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.policyrouter.catalog.ModelProfile;
import io.policyrouter.vocabulary.Annotations;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Earlier rule-engine runs, by {@link DecisionKey}: a request whose key was seen is decided by assembling that run
 * with its own facts — the decision and the explanation a fresh run would give — without the rule engine. Keyed by
 * policy version, so a changed table or catalog reaches the very next decision. Runs that fell back to the safe
 * default, and policies that carry warnings (dev mode: tables on disk that did not load), are never kept.
 */
final class DecisionCache {

    /** How a miss is decided: the rule engine (with its timeout and safe default in the service). */
    interface Fresh {
        PolicyEngine.Decided decide(ActivePolicy.Snapshot p, String id, RequestFacts facts, Annotations annotations);
    }

    private final Cache<DecisionKey, Evaluation> runs;
    private final PolicySettings settings;
    private final List<ModelProfile> models;
    private final PolicyEvaluator assembler;
    private final ConcurrentMap<String, DecisionKey.Scheme> schemes = new ConcurrentHashMap<>();

    DecisionCache(int size, PolicySettings settings, List<ModelProfile> models) {
        this.runs = Caffeine.newBuilder().maximumSize(size).recordStats().build();
        this.settings = settings;
        this.models = List.copyOf(models);
        this.assembler = new PolicyEvaluator(models, settings);
    }

    Decision decide(ActivePolicy.Snapshot p, String id, RequestFacts facts, Annotations annotations, Fresh fresh) {
        Decision cached = cached(p, id, facts, annotations);
        return cached != null ? cached : decideFresh(p, id, facts, annotations, fresh);
    }

    /** The decision from an earlier run of the same key, or null: never runs the rule engine. */
    Decision cached(ActivePolicy.Snapshot p, String id, RequestFacts facts, Annotations annotations) {
        Evaluation earlier = runs.getIfPresent(key(p, facts));
        return earlier == null ? null : assembler.assemble(p, id, earlier.withFacts(facts), annotations);
    }

    /**
     * A miss: the rule engine runs once per key, however many requests of that key miss at the same moment (a burst
     * of new traffic); the others wait for that run and assemble it with their own facts.
     */
    Decision decideFresh(ActivePolicy.Snapshot p, String id, RequestFacts facts, Annotations annotations,
                         Fresh fresh) {
        PolicyEngine.Decided[] mine = {null};
        Evaluation e = runs.get(key(p, facts), k -> {
            mine[0] = fresh.decide(p, id, facts, annotations);
            return p.warnings().isEmpty() ? mine[0].evaluation() : null; // null: not kept
        });
        if (mine[0] != null) {
            return mine[0].decision();
        }
        return e != null ? assembler.assemble(p, id, e.withFacts(facts), annotations)
                : fresh.decide(p, id, facts, annotations).decision();
    }

    private DecisionKey key(ActivePolicy.Snapshot p, RequestFacts facts) {
        return schemes.computeIfAbsent(p.version(), v -> DecisionKey.Scheme.of(p.index(), settings, models))
                .key(p.version(), facts);
    }

    Cache<DecisionKey, Evaluation> runs() {
        return runs;
    }
}
