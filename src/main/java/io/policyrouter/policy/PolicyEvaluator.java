package io.policyrouter.policy;

import io.policyrouter.catalog.ModelProfile;
import io.policyrouter.vocabulary.Annotations;

import java.util.List;

/**
 * One evaluation of a compiled policy, in plain Java: run the rules over the facts and the catalog, then assemble
 * the decision. The service's {@link PolicyEngine} (with its timeout and safe default) and the analyst tools
 * (preview, diff, replay) decide through this one method, so a preview is the decision the service would make.
 */
public final class PolicyEvaluator {

    private final List<ModelProfile> models;
    private final PolicySettings settings;

    public PolicyEvaluator(List<ModelProfile> models, PolicySettings settings) {
        this.models = List.copyOf(models);
        this.settings = settings;
    }

    /** The rule engine's raw results, for tools that inspect more than the decision. */
    public Evaluation evaluate(ActivePolicy.Snapshot policy, RequestFacts facts) {
        return RuleRunner.run(policy.sessions().get(), facts, models, settings);
    }

    public Decision decide(ActivePolicy.Snapshot policy, String decisionId, RequestFacts facts,
                           Annotations annotations) {
        return assemble(policy, decisionId, evaluate(policy, facts), annotations);
    }

    /** The decision an evaluation comes to (for its own facts, or another request's of the same cache key). */
    Decision assemble(ActivePolicy.Snapshot policy, String decisionId, Evaluation e, Annotations annotations) {
        if (e.primary() == null && e.refusal() == null) {
            // A gap in the tables (e.g. no confidence-floor row): treated like an engine fault, never a 200 without a model.
            throw new IllegalStateException("the policy produced neither a model nor a refusal for " + e.facts());
        }
        return DecisionAssembler.assemble(decisionId, policy.version(), e, policy.index(), annotations,
                policy.warnings());
    }

    public PolicySettings settings() {
        return settings;
    }
}
