package io.policyrouter.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson (de)serialises reflectively. Quarkus registers resource signatures on its own; the nested records
 * of the wire records are listed here so the native image keeps their accessors.
 */
@RegisterForReflection(targets = {
        RouteRequestBody.class, RouteRequestBody.MessageBody.class, RouteResponse.class, RouteResponse.Target.class,
        RouteResponse.Tier.class, RouteResponse.Requirement.class, RouteResponse.Constraint.class,
        RouteResponse.RemovedCandidate.class, RouteResponse.FiredRule.class, RouteResponse.Refusal.class,
        Problem.class, Problem.OpenAiError.class, Problem.Attempt.class,
        AnnotationsView.class, AnnotationsView.RunnerUp.class, AnnotationsView.Complexity.class,
        AnnotationsView.Difficulty.class, ModelView.class, ModelView.ModelList.class, PolicyResource.PolicyView.class,
        PolicyResource.Table.class, PolicyResource.Rule.class, DecisionView.class, DecisionView.Dispatch.class,
        DecisionView.Shadow.class, DecisionView.Feedback.class, PolicyViews.Status.class, PolicyViews.Change.class,
        PolicyViews.Shadow.class, PolicyViews.Differences.class, PolicyViews.Responsible.class,
        PolicyViews.Split.class, FeedbackBody.class, LoopViews.Feedback.class, LoopViews.Cell.class,
        LoopViews.Quality.class, LoopViews.CostSignals.class, LoopViews.Outcomes.class, LoopViews.Flag.class,
        LoopViews.Checked.class, LoopViews.Drift.class, LoopViews.Side.class, LoopViews.Regression.class,
        LoopViews.Series.class, LoopViews.Cost.class, LoopViews.DispatchTotals.class, LoopViews.Shadow.class,
        LoopViews.Budget.class, LoopViews.Recent.class, LoopViews.DashboardView.class})
final class JsonTypes {
    private JsonTypes() {
    }
}
