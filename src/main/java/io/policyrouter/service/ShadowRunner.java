package io.policyrouter.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.policyrouter.policy.ActivePolicy;
import io.policyrouter.policy.Decision;
import io.policyrouter.policy.PolicyIndex;
import io.policyrouter.policy.PolicyService;
import io.policyrouter.store.StoreRecord;
import io.policyrouter.store.StoreWriter;
import io.policyrouter.vocabulary.RouteRequest;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.interceptor.Interceptor;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * Shadow mode: a sample of live requests (router.shadow.sample-rate, by decision id, so every replica samples the
 * same way) is also decided by the candidate policy — on one background thread, never on the request path and never
 * affecting the answer. Each comparison is kept in the store: whether the primary, the chain, the strategy or a
 * refusal differs, the predicted cost delta (this request's tokens × catalog prices) and the rules and table rows
 * that fired in one policy but not in the other.
 */
@ApplicationScoped
public class ShadowRunner {

    private static final Logger LOG = Logger.getLogger(ShadowRunner.class);

    private final ActivePolicy policies;
    private final PolicyService policy;
    private final StoreWriter store;
    private final ObjectMapper json;
    private final long threshold;
    private final ThreadPoolExecutor executor;
    private final Counter dropped;
    private final MeterRegistry meters;

    public ShadowRunner(ActivePolicy policies, PolicyService policy, StoreWriter store, ObjectMapper json,
                        ShadowConfig config, MeterRegistry meters) {
        this.policies = policies;
        this.policy = policy;
        this.store = store;
        this.json = json;
        this.meters = meters;
        this.threshold = Math.round(Math.max(0, Math.min(1, config.sampleRate())) * 65536);
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, config.queueSize())), r -> {
                    Thread t = new Thread(r, "shadow-policy");
                    t.setDaemon(true);
                    return t;
                });
        this.dropped = Counter.builder("router.shadow.dropped")
                .description("Shadow evaluations dropped because the shadow queue was full").register(meters);
    }

    /** Hands the request to the candidate if it is sampled; returns at once. */
    void offer(RouteRequest request, Decision active) {
        ActivePolicy.Snapshot candidate = policies.shadowed().orElse(null);
        if (candidate == null || !sampled(active.decisionId())) {
            return;
        }
        try {
            executor.execute(() -> evaluate(candidate, request, active));
        } catch (RejectedExecutionException full) {
            dropped.increment();
        }
    }

    boolean sampled(String decisionId) {
        CRC32 crc = new CRC32();
        crc.update(decisionId.getBytes(StandardCharsets.UTF_8));
        return (crc.getValue() & 0xFFFF) < threshold;
    }

    private void evaluate(ActivePolicy.Snapshot candidate, RouteRequest request, Decision active) {
        try {
            Decision c = policy.decide(candidate, request.context(), active.annotations());
            PolicyIndex activeIndex = policies.compiled().stream().filter(p -> p.version().equals(active.policyVersion()))
                    .findFirst().orElse(policies.current()).index();
            StoreRecord.Shadow s = compare(active, c, activeIndex, candidate.index());
            meters.counter("router.shadow.evaluated", "diverged", String.valueOf(s.differs())).increment();
            store.offer(s);
        } catch (RuntimeException e) {
            LOG.warnf("shadow evaluation of decision %s failed: %s", active.decisionId(), e.toString());
        }
    }

    StoreRecord.Shadow compare(Decision a, Decision c, PolicyIndex activeIndex, PolicyIndex candidateIndex) {
        boolean primary = !Objects.equals(model(a), model(c));
        boolean chain = !a.fallbacks().stream().map(Decision.Target::model).toList()
                .equals(c.fallbacks().stream().map(Decision.Target::model).toList());
        boolean strategy = !Objects.equals(a.strategy(), c.strategy());
        boolean refusal = a.refused() != c.refused()
                || a.refused() && !Objects.equals(a.refusal().getConstraint(), c.refusal().getConstraint());
        double delta = cost(c) - cost(a);
        ArrayNode responsible = json.createArrayNode();
        if (primary || chain || strategy || refusal) {
            responsible(a, c, activeIndex, candidateIndex, responsible);
        }
        return new StoreRecord.Shadow(a.decisionId(), System.currentTimeMillis(), a.policyVersion(),
                c.policyVersion(), a.facts().getTaskType(), a.latencyTier() == null ? null : a.latencyTier().name(),
                model(a), model(c), primary, chain, strategy, refusal, delta, responsible.toString());
    }

    /**
     * The rules and rows behind a divergence: those that fired in one policy only, and those that fired in both but
     * are not the same rule there — a table row whose cells the candidate changed, a DRL rule from a changed file.
     */
    private static void responsible(Decision a, Decision c, PolicyIndex activeIndex, PolicyIndex candidateIndex,
                                    ArrayNode out) {
        Set<String> inActive = names(a);
        Set<String> inCandidate = names(c);
        for (Decision.FiredRule r : c.firedRules()) {
            if (!inActive.contains(r.rule())) {
                add(out, r, "candidate", "fired only in the candidate");
            } else if (changed(r.rule(), activeIndex, candidateIndex)) {
                add(out, r, "both", "changed in the candidate");
            }
        }
        for (Decision.FiredRule r : a.firedRules()) {
            if (!inCandidate.contains(r.rule())) {
                add(out, r, "active", "fired only in the active policy");
            }
        }
    }

    private static boolean changed(String rule, PolicyIndex active, PolicyIndex candidate) {
        PolicyIndex.RuleSource x = active.source(rule);
        PolicyIndex.RuleSource y = candidate.source(rule);
        if (x == null || y == null) {
            return x != y;
        }
        return !Objects.equals(x.cells(), y.cells()) || !Objects.equals(x.file(), y.file());
    }

    private static void add(ArrayNode out, Decision.FiredRule r, String policy, String why) {
        out.addObject().put("rule", r.rule()).put("file", r.file()).put("sheet", r.sheet()).put("row", r.row())
                .put("fired_in", policy).put("why", why);
    }

    private static Set<String> names(Decision d) {
        Set<String> out = new TreeSet<>();
        d.firedRules().forEach(r -> out.add(r.rule()));
        return out;
    }

    private static String model(Decision d) {
        return d.refused() || d.primary() == null ? null : d.primary().model();
    }

    private static double cost(Decision d) {
        return d.refused() ? 0 : d.estimatedCostUsd();
    }

    /** Lets the queued evaluations finish on a graceful shutdown (their records then reach the store's buffer). */
    void onStop(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event) throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    List<Runnable> pending() {
        return List.copyOf(executor.getQueue());
    }
}
