package io.policyrouter.service;

import io.policyrouter.annotate.pii.PiiDetector;
import io.policyrouter.annotate.pii.PiiMasker;
import io.policyrouter.dispatch.Attempt;
import io.policyrouter.dispatch.DispatchReport;
import io.policyrouter.observe.DecisionEvent;
import io.policyrouter.observe.DecisionRecorder;
import io.policyrouter.observe.DispatchEvent;
import io.policyrouter.policy.Decision;
import io.policyrouter.vocabulary.Annotations;
import io.policyrouter.vocabulary.RouteRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Domain results to the plain event records that observe turns into metrics and log lines. */
@ApplicationScoped
public class RecordMapper {

    private final PiiMasker masker;
    private final DecisionRecorder recorder;

    public RecordMapper(PiiDetector pii, DecisionRecorder recorder) {
        this.masker = new PiiMasker(pii);
        this.recorder = recorder;
    }

    DecisionEvent decision(RouteRequest request, Decision d, long nanos) {
        Annotations a = d.annotations();
        Map<String, Integer> classes = new LinkedHashMap<>();
        a.dataClasses().forEach((k, v) -> classes.put(k.name(), v));
        int preview = recorder.promptPreviewChars();
        DecisionEvent.Outcome outcome = d.refused() ? DecisionEvent.Outcome.REFUSED
                : d.degraded() ? DecisionEvent.Outcome.DEGRADED : DecisionEvent.Outcome.ROUTED;
        return new DecisionEvent(d.decisionId(), d.policyVersion(), request.context().tenant(),
                request.context().conversationId(), a.task().type().wire(), a.task().confidence(), classes,
                a.tokens(), outcome, d.refused() ? d.refusal().getReason() : null,
                d.refused() && d.refusal().byConstraint() ? d.refusal().getConstraint() : null,
                d.primary() == null ? null : d.primary().model(),
                d.fallbacks().stream().map(Decision.Target::model).toList(), d.strategy(),
                d.latencyTier() == null ? null : d.latencyTier().name(), d.estimatedCostUsd(),
                d.firedRules().stream().map(Decision.FiredRule::rule).toList(), nanos,
                preview > 0 ? masker.mask(request.lastUserText(), preview) : null);
    }

    DispatchEvent dispatch(DispatchReport r) {
        List<DispatchEvent.Step> steps = r.attempts().stream().map(RecordMapper::step).toList();
        List<DispatchEvent.Escalation> escalations = r.escalations().stream()
                .map(e -> new DispatchEvent.Escalation(e.model(), e.check())).toList();
        return new DispatchEvent(r.decisionId(), r.policyVersion(), r.strategy(), r.stream(), r.status(), r.result(),
                r.model(), r.provider(), steps, escalations, r.costUsd(), r.durationNanos());
    }

    static DispatchEvent.Step step(Attempt a) {
        return new DispatchEvent.Step(a.step(), a.model(), a.provider(), a.outcome().wire(), a.status(),
                a.latencyMs(), a.next(), a.detail());
    }
}
