package io.policyrouter.service;

import io.policyrouter.annotate.pii.PiiDetector;
import io.policyrouter.annotate.pii.PiiMasker;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrouter.observe.DecisionEvent;
import io.policyrouter.observe.DispatchEvent;
import io.policyrouter.policy.FactsCodec;
import io.policyrouter.store.StoreConfig;
import io.policyrouter.store.StoreRecord;
import io.policyrouter.observe.DecisionRecorder;
import io.policyrouter.policy.Decision;
import io.policyrouter.vocabulary.Annotations;
import io.policyrouter.vocabulary.RouteRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;

/** Domain results to plain records: the events observe turns into metrics and log lines, and the store's. */
@ApplicationScoped
public class RecordMapper {

    private final PiiMasker masker;
    private final DecisionRecorder recorder;
    private final Explanations explanations;
    private final ObjectMapper json;
    private final String replica;

    public RecordMapper(PiiDetector pii, DecisionRecorder recorder, Explanations explanations, ObjectMapper json,
                        StoreConfig store) {
        this.masker = new PiiMasker(pii);
        this.recorder = recorder;
        this.explanations = explanations;
        this.json = json;
        this.replica = store.replica().orElseGet(RecordMapper::hostname);
        if (replica.length() > 128) { // the store's column: a longer name would have every record refused
            throw new IllegalStateException("router.store.replica must be at most 128 characters: " + replica);
        }
    }

    /** The decision as the store keeps it: facts and explanation, masked (no prompt text). */
    StoreRecord.Decision stored(Decision d) {
        return new StoreRecord.Decision(d.decisionId(), System.currentTimeMillis(), replica, d.policyVersion(),
                blank(d.facts().getTenant()), d.facts().getTaskType(),
                d.latencyTier() == null ? null : d.latencyTier().name(),
                d.primary() == null ? null : d.primary().model(), d.primary() == null ? null : d.primary().provider(),
                d.strategy(), d.refused(), d.degraded(), d.estimatedCostUsd(), FactsCodec.toJson(d.facts()).toString(),
                explanations.document(d));
    }

    /** How a dispatched request ended, as the store keeps it. */
    StoreRecord.Dispatch stored(DispatchEvent e) {
        String attempts;
        try {
            attempts = json.writeValueAsString(e.attempts());
        } catch (JsonProcessingException x) {
            attempts = "[]";
        }
        return new StoreRecord.Dispatch(e.decisionId(), System.currentTimeMillis(), e.status(), e.result(), e.model(),
                e.provider(), e.stream(), e.costUsd(), e.promptTokens(), e.completionTokens(),
                e.durationNanos() / 1_000_000, attempts);
    }

    String replica() {
        return replica;
    }

    private static String blank(String v) {
        return v == null || v.isEmpty() ? null : v;
    }

    private static String hostname() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                h = "replica";
            }
        }
        return h + "-" + ProcessHandle.current().pid();
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
