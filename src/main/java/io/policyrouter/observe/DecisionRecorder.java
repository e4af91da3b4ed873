package io.policyrouter.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Turns decision and dispatch events into Micrometer metrics and one JSON line each in the "decision-log" category.
 * Knows no stage: the service hands it plain {@link DecisionEvent}s and {@link DispatchEvent}s.
 */
@ApplicationScoped
public class DecisionRecorder {

    private static final Logger DECISION_LOG = Logger.getLogger("decision-log");

    private final MeterRegistry registry;
    private final DecisionLogConfig config;
    private final ObjectMapper json;
    private final Timer latency;
    private final Counter degraded;

    public DecisionRecorder(MeterRegistry registry, DecisionLogConfig config, ObjectMapper json) {
        this.registry = registry;
        this.config = config;
        this.json = json;
        this.latency = Timer.builder("router.decision.duration").description("Annotate-to-decision time")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        this.degraded = Counter.builder("router.decisions.degraded")
                .description("Decisions that fell back to the safe default because the policy failed").register(registry);
    }

    /** Characters of a masked prompt preview the log wants; 0 = none (the service then masks nothing). */
    public int promptPreviewChars() {
        return config.enabled() ? config.promptPreviewChars() : 0;
    }

    public void decided(DecisionEvent e) {
        latency.record(e.durationNanos(), TimeUnit.NANOSECONDS);
        if (e.outcome() == DecisionEvent.Outcome.DEGRADED) {
            degraded.increment();
        }
        if (e.outcome() == DecisionEvent.Outcome.REFUSED) {
            registry.counter("router.decisions.refused", "constraint",
                    e.refusalConstraint() == null ? "compliance_row" : e.refusalConstraint()).increment();
        } else {
            registry.counter("router.decisions", "model", e.model(), "task_type", e.task(), "strategy", e.strategy(),
                    "tier", e.tier() == null ? "none" : e.tier()).increment();
        }
        if (config.enabled()) {
            DECISION_LOG.info(line(e));
        }
    }

    String line(DecisionEvent e) {
        ObjectNode n = json.createObjectNode();
        n.put("decision_id", e.decisionId()).put("policy_version", e.policyVersion());
        n.put("tenant", e.tenant()).put("conversation_id", e.conversationId());
        n.put("task", e.task()).put("task_confidence", e.taskConfidence());
        ObjectNode classes = n.putObject("data_classes");
        e.dataClasses().forEach(classes::put);
        n.put("tokens", e.tokens());
        n.put("outcome", e.outcome().name().toLowerCase(Locale.ROOT));
        if (e.outcome() == DecisionEvent.Outcome.REFUSED) {
            n.put("refusal", e.refusal());
        } else {
            n.put("model", e.model());
            ArrayNode chain = n.putArray("fallbacks");
            e.fallbacks().forEach(chain::add);
            n.put("strategy", e.strategy()).put("estimated_cost_usd", e.estimatedCostUsd());
        }
        ArrayNode rules = n.putArray("fired_rules");
        e.firedRules().forEach(rules::add);
        n.put("duration_us", e.durationNanos() / 1000);
        if (e.promptPreview() != null) {
            n.put("prompt_preview", e.promptPreview());
        }
        return n.toString();
    }

    /**
     * How a dispatched request ended: the attempt, failover and escalation metrics, and one JSON line in the decision
     * log ("event":"dispatch", joined to the decision's line by decision_id) with every attempt.
     */
    public void dispatched(DispatchEvent r) {
        for (int i = 0; i < r.attempts().size(); i++) {
            DispatchEvent.Step a = r.attempts().get(i);
            registry.counter("router.dispatch.attempts", "provider", a.provider(), "outcome", a.outcome()).increment();
            if (a.failedOver(i == r.attempts().size() - 1)) {
                registry.counter("router.dispatch.failovers", "provider", a.provider(), "outcome", a.outcome())
                        .increment();
            }
        }
        for (DispatchEvent.Escalation e : r.escalations()) {
            registry.counter("router.dispatch.escalations", "model", e.model(), "check", e.check()).increment();
        }
        registry.counter("router.dispatch.requests", "result", r.result(), "status", String.valueOf(r.status()),
                "stream", String.valueOf(r.stream())).increment();
        if ("client_gone".equals(r.result())) {
            clientGone(r.stream() && r.model() != null ? "streaming" : "waiting");
        }
        if (config.enabled()) {
            DECISION_LOG.info(dispatchLine(r));
        }
    }

    /** A client that left before its answer was complete: counted, never an error and never a 5xx. */
    public void clientGone(String stage) {
        registry.counter("router.client_gone", "stage", stage).increment();
    }

    String dispatchLine(DispatchEvent r) {
        ObjectNode n = json.createObjectNode();
        n.put("event", "dispatch").put("decision_id", r.decisionId()).put("policy_version", r.policyVersion());
        if (r.traceId() != null) {
            n.put("trace_id", r.traceId());
        }
        n.put("strategy", r.strategy()).put("stream", r.stream()).put("status", r.status()).put("result", r.result());
        n.put("model", r.model()).put("provider", r.provider());
        ArrayNode attempts = n.putArray("attempts");
        for (DispatchEvent.Step a : r.attempts()) {
            ObjectNode o = attempts.addObject();
            o.put("step", a.step()).put("model", a.model()).put("provider", a.provider())
                    .put("outcome", a.outcome()).put("status", a.status()).put("latency_ms", a.latencyMs())
                    .put("next", a.next());
            if (a.upstreamRequestId() != null) {
                o.put("upstream_request_id", a.upstreamRequestId());
            }
            if (a.detail() != null) {
                // provider messages only, never prompt text; bounded so one odd upstream cannot flood the log
                o.put("detail", a.detail().length() > 240 ? a.detail().substring(0, 240) + "…" : a.detail());
            }
        }
        ArrayNode escalations = n.putArray("escalations");
        r.escalations().forEach(e -> escalations.add(e.model() + ":" + e.check()));
        if (r.costUsd() != null) {
            n.put("cost_usd", r.costUsd());
        }
        n.put("duration_ms", r.durationNanos() / 1_000_000);
        return n.toString();
    }
}
