package io.policyrouter.policy;

import io.policyrouter.vocabulary.Annotations;
import io.policyrouter.vocabulary.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Decides where a request goes, from the caller's context and the annotator's facts. Records nothing and throws
 * nothing for a refusal (the decision says so): recording is the routing service's job, as in OPA, whose policy
 * engine knows no logging.
 */
@ApplicationScoped
public class PolicyService {

    private final PolicyEngine engine;
    private final ActivePolicy policy;
    private final PolicyConfig config;

    public PolicyService(PolicyEngine engine, ActivePolicy policy, PolicyConfig config) {
        this.engine = engine;
        this.policy = policy;
        this.config = config;
    }

    public Decision decide(RoutingContext context, Annotations annotations) {
        RequestFacts facts = FactsMapper.toFacts(annotations, context, config.expectedOutputTokens());
        // The snapshot is taken outside the timed evaluation: in dev mode this may recompile an edited table first.
        return engine.decide(policy.current(), UUID.randomUUID().toString(), facts, annotations);
    }
}
