package io.policyrouter.policy;

import io.policyrouter.vocabulary.Annotations;
import io.policyrouter.vocabulary.RouteRequest;
import io.policyrouter.observe.DecisionRecorder;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** Decides where a request goes: facts in, a recorded Decision out; a refusal is thrown as RoutingRefusedException. */
@ApplicationScoped
public class PolicyService {

    private final PolicyEngine engine;
    private final ActivePolicy policy;
    private final DecisionRecorder recorder;
    private final PolicyConfig config;

    public PolicyService(PolicyEngine engine, ActivePolicy policy, DecisionRecorder recorder, PolicyConfig config) {
        this.engine = engine;
        this.policy = policy;
        this.recorder = recorder;
        this.config = config;
    }

    public Decision decide(RouteRequest request, Annotations annotations) {
        long start = System.nanoTime();
        String decisionId = UUID.randomUUID().toString();
        RequestFacts facts = FactsMapper.toFacts(annotations, request.context(), config.expectedOutputTokens());
        // Taken outside the timed evaluation: in dev mode this may recompile an edited table first.
        Decision decision = engine.decide(policy.current(), decisionId, facts, annotations);
        recorder.record(request, decision, System.nanoTime() - start);
        if (decision.refused()) {
            throw new RoutingRefusedException(decision);
        }
        return decision;
    }
}
