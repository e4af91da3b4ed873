package io.policyrouter.service;

import io.policyrouter.annotate.pii.PiiDetector;
import io.policyrouter.annotate.pii.PiiMasker;
import io.policyrouter.observe.DecisionEvent;
import io.policyrouter.observe.DecisionRecorder;
import io.policyrouter.policy.Decision;
import io.policyrouter.vocabulary.Annotations;
import io.policyrouter.vocabulary.RouteRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
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
}
