package io.policyrouter.observe;

import io.policyrouter.annotate.pii.PiiDetector;
import io.policyrouter.policy.Decision;
import io.policyrouter.vocabulary.RouteRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.policyrouter.dispatch.Attempt;
import io.policyrouter.dispatch.DispatchReport;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeUnit;

/**
 * Records every decision: Micrometer metrics and one JSON line in the "decision-log" category. The log holds facts
 * (types and counts of sensitive data, never values) and, only if configured, a PII-masked prompt preview.
 */
@ApplicationScoped
public class DecisionRecorder {

    private static final Logger DECISION_LOG = Logger.getLogger("decision-log");

    private final MeterRegistry registry;
    private final DecisionLogConfig config;
    private final ObjectMapper json;
    private final PiiMasker masker;
    private final Timer latency;
    private final Counter degraded;

    public DecisionRecorder(MeterRegistry registry, DecisionLogConfig config, ObjectMapper json, PiiDetector pii) {
        this.registry = registry;
        this.config = config;
        this.json = json;
        this.masker = new PiiMasker(pii);
        this.latency = Timer.builder("router.decision.duration").description("Annotate-to-decision time")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        this.degraded = Counter.builder("router.decisions.degraded")
                .description("Decisions that fell back to the safe default because the policy failed").register(registry);
    }

    public void record(RouteRequest request, Decision d, long nanos) {
        latency.record(nanos, TimeUnit.NANOSECONDS);
        if (d.degraded()) {
            degraded.increment();
        }
        if (d.refused()) {
            registry.counter("router.decisions.refused", "constraint",
                    d.refusal().constraint() == null ? "compliance_row" : d.refusal().constraint()).increment();
        } else {
            registry.counter("router.decisions", "model", d.primary().model(), "strategy", d.strategy(),
                    "tier", d.latencyTier() == null ? "none" : d.latencyTier().name()).increment();
        }
        if (config.enabled()) {
            DECISION_LOG.info(line(request, d, nanos));
        }
    }

    String line(RouteRequest request, Decision d, long nanos) {
        ObjectNode n = json.createObjectNode();
        n.put("decision_id", d.decisionId()).put("policy_version", d.policyVersion());
        n.put("tenant", request.context().tenant()).put("conversation_id", request.context().conversationId());
        n.put("task", d.annotations().task().type().wire()).put("task_confidence", d.annotations().task().confidence());
        ObjectNode classes = n.putObject("data_classes");
        d.annotations().dataClasses().forEach((k, v) -> classes.put(k.name(), v));
        n.put("tokens", d.annotations().tokens());
        if (d.refused()) {
            n.put("outcome", "refused").put("refusal", d.refusal().reason());
        } else {
            n.put("outcome", d.degraded() ? "degraded" : "routed").put("model", d.primary().model());
            ArrayNode chain = n.putArray("fallbacks");
            d.fallbacks().forEach(t -> chain.add(t.model()));
            n.put("strategy", d.strategy()).put("estimated_cost_usd", d.estimatedCostUsd());
        }
        ArrayNode rules = n.putArray("fired_rules");
        d.firedRules().forEach(r -> rules.add(r.rule()));
        n.put("duration_us", nanos / 1000);
        if (config.promptPreviewChars() > 0) {
            n.put("prompt_preview", masker.mask(request.lastUserText(), config.promptPreviewChars()));
        }
        return n.toString();
    }

    /**
     * Records how a dispatched request ended: one JSON line in the decision log ("event":"dispatch", joined to the
     * decision's line by decision_id) with every attempt, and the attempt, failover and escalation metrics.
     */
    public void recordDispatch(DispatchReport r) {
        for (int i = 0; i < r.attempts().size(); i++) {
            Attempt a = r.attempts().get(i);
            registry.counter("router.dispatch.attempts", "provider", a.provider(), "outcome", a.outcome().wire())
                    .increment();
            if ("failed_over".equals(a.next()) || "skipped".equals(a.next()) && i < r.attempts().size() - 1) {
                registry.counter("router.dispatch.failovers", "provider", a.provider(), "outcome", a.outcome().wire())
                        .increment();
            }
        }
        for (String e : r.escalations()) {
            int colon = e.lastIndexOf(':');
            registry.counter("router.dispatch.escalations", "model", e.substring(0, colon), "check",
                    e.substring(colon + 1)).increment();
        }
        registry.counter("router.dispatch.requests", "result", r.result(), "status", String.valueOf(r.status()),
                "stream", String.valueOf(r.stream())).increment();
        if (config.enabled()) {
            DECISION_LOG.info(dispatchLine(r));
        }
    }

    String dispatchLine(DispatchReport r) {
        ObjectNode n = json.createObjectNode();
        n.put("event", "dispatch").put("decision_id", r.decisionId()).put("policy_version", r.policyVersion());
        n.put("strategy", r.strategy()).put("stream", r.stream()).put("status", r.status()).put("result", r.result());
        n.put("model", r.model()).put("provider", r.provider());
        ArrayNode attempts = n.putArray("attempts");
        for (Attempt a : r.attempts()) {
            ObjectNode o = attempts.addObject();
            o.put("step", a.step()).put("model", a.model()).put("provider", a.provider())
                    .put("outcome", a.outcome().wire()).put("status", a.status()).put("latency_ms", a.latencyMs())
                    .put("next", a.next());
            if (a.detail() != null) {
                // provider messages only, never prompt text; bounded so one odd upstream cannot flood the log
                o.put("detail", a.detail().length() > 240 ? a.detail().substring(0, 240) + "…" : a.detail());
            }
        }
        ArrayNode escalations = n.putArray("escalations");
        r.escalations().forEach(escalations::add);
        if (r.costUsd() != null) {
            n.put("cost_usd", r.costUsd());
        }
        n.put("duration_ms", r.durationNanos() / 1_000_000);
        return n.toString();
    }
}
