package io.policyrouter.rest;

import io.policyrouter.policy.Decision;
import io.policyrouter.policy.PolicyIndex;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson (de)serialises reflectively. Quarkus registers resource signatures on its own; the nested records
 * of the decision are listed here so the native image keeps their accessors.
 */
@RegisterForReflection(targets = {
        RouteRequestBody.class, RouteRequestBody.MessageBody.class, RouteResponse.class, Problem.class,
        AnnotationsView.class, AnnotationsView.RunnerUp.class, AnnotationsView.Complexity.class,
        AnnotationsView.Difficulty.class, ModelView.class, ModelView.ModelList.class, PolicyResource.PolicyView.class,
        PolicyIndex.RuleSource.class, PolicyIndex.TableInfo.class,
        Decision.Target.class, Decision.Tier.class, Decision.Need.class, Decision.AppliedConstraint.class,
        Decision.RemovedCandidate.class, Decision.FiredRule.class, Decision.Refusal.class,
        ChatError.class, ChatError.OpenAiError.class, ChatError.AttemptView.class})
final class JsonTypes {
    private JsonTypes() {
    }
}
