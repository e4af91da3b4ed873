package io.policyrouter.policy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.vocabulary.Annotations;
import io.policyrouter.vocabulary.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Decides where a request goes, from the caller's context and the annotator's facts. Records nothing and throws
 * nothing for a refusal (the decision says so): recording is the routing service's job, as in OPA, whose policy
 * engine knows no logging.
 *
 * <p>Drools stays the authority: a decision is a fresh rule-engine run, or the assembly of an earlier run whose
 * request fell in the same {@link DecisionKey} (the {@link DecisionCache}); only a miss pays for the rule engine.
 */
@ApplicationScoped
public class PolicyService {

    private final PolicyEngine engine;
    private final ActivePolicy policy;
    private final PolicyConfig config;
    private final DecisionCache cache;

    public PolicyService(PolicyEngine engine, ActivePolicy policy, PolicyConfig config, ModelCatalog catalog,
                         MeterRegistry meters) {
        this.engine = engine;
        this.policy = policy;
        this.config = config;
        this.cache = config.decisionCacheSize() > 0
                ? new DecisionCache(config.decisionCacheSize(), PolicySettings.of(config), catalog.models()) : null;
        if (cache != null) {
            CaffeineCacheMetrics.monitor(meters, cache.runs(), "decisions");
        }
    }

    /**
     * The decision when an earlier run of the same key is cached, else null — cheap and never blocking, so callers
     * on an event loop can decide inline and move only misses to a worker thread.
     */
    public Decision decideIfCached(RoutingContext context, Annotations annotations) {
        if (cache == null) {
            return null;
        }
        RequestFacts facts = facts(context, annotations);
        return cache.cached(policy.current(), UUID.randomUUID().toString(), facts, annotations);
    }

    public Decision decide(RoutingContext context, Annotations annotations) {
        // The snapshot is taken outside the timed evaluation: in dev mode this may recompile an edited table first.
        return decide(policy.current(), context, annotations);
    }

    /**
     * The rule engine's decision, never from or into the cache: for the start-up warm-up, which must exercise the
     * evaluation itself and leave no entry a real request could meet.
     */
    public Decision decideUncached(RoutingContext context, Annotations annotations) {
        return engine.decide(policy.current(), UUID.randomUUID().toString(), facts(context, annotations), annotations)
                .decision();
    }

    /** The decision another compiled policy would make (shadow mode's candidate), through the same cache. */
    public Decision decide(ActivePolicy.Snapshot p, RoutingContext context, Annotations annotations) {
        RequestFacts facts = facts(context, annotations);
        String id = UUID.randomUUID().toString();
        return cache == null ? engine.decide(p, id, facts, annotations).decision()
                : cache.decide(p, id, facts, annotations, engine::decide);
    }

    private RequestFacts facts(RoutingContext context, Annotations annotations) {
        return FactsMapper.toFacts(annotations, context, config.expectedOutputTokens());
    }
}
