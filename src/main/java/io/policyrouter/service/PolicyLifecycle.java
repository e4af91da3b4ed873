package io.policyrouter.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.policyrouter.policy.ActivePolicy;
import io.policyrouter.store.DecisionStore;
import io.policyrouter.store.PolicyChange;
import io.policyrouter.store.PolicyState;
import io.policyrouter.store.StoreBackend;
import io.policyrouter.store.StoreConfig;
import io.policyrouter.store.StoreException;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/**
 * Promotion and rollback without a restart, across replicas. The store holds which compiled policy answers; a
 * promotion or rollback on any replica writes it (with who, when, from and to) and switches that replica at once;
 * every other replica reads it every router.store.policy-watch-interval (2 s) and follows. A replica that starts
 * later takes the stored choice before its first request, and a choice this build cannot serve (another build's
 * policy) is reported, not guessed at.
 */
@ApplicationScoped
public class PolicyLifecycle {

    private static final Logger LOG = Logger.getLogger(PolicyLifecycle.class);

    /** Where things stand: what answers here, what the build holds, what the store says, the recent changes. */
    public record Status(String answering, String compiledActive, String compiledCandidate, PolicyState shared,
                         List<PolicyChange> changes, long watchIntervalMs, String replica) {
    }

    private final ActivePolicy policy;
    private final StoreBackend backend;
    private final StoreConfig config;
    private final RecordMapper records;
    private final Vertx vertx;
    private volatile String unknownReported;

    public PolicyLifecycle(ActivePolicy policy, StoreBackend backend, StoreConfig config, RecordMapper records,
                           Vertx vertx, MeterRegistry meters) {
        this.policy = policy;
        this.backend = backend;
        this.config = config;
        this.records = records;
        this.vertx = vertx;
        Gauge.builder("router.policy.candidate_answering", policy,
                        p -> p.candidate().isPresent() && p.current() == p.candidate().get() ? 1 : 0)
                .description("1 while the build's candidate policy answers (promoted), else 0").register(meters);
    }

    void onStart(@Observes StartupEvent event) {
        if (backend.store().isEmpty()) {
            return;
        }
        follow(); // before the first request, when the store answers
        long every = Math.max(100, config.policyWatchInterval().toMillis());
        vertx.setPeriodic(every, every, id -> vertx.executeBlocking(() -> {
            follow();
            return null;
        }, false));
    }

    /** Reads the shared choice and answers with it (quietly: the store may be away for a while). */
    void follow() {
        Optional<PolicyState> state;
        try {
            state = backend.ready().policyState();
        } catch (StoreException e) {
            return;
        }
        state.ifPresent(s -> {
            if (!s.activeVersion().equals(policy.current().version()) && !policy.switchTo(s.activeVersion())
                    && !s.activeVersion().equals(unknownReported)) {
                unknownReported = s.activeVersion();
                LOG.errorf("the store says policy %s answers, but this build compiled only %s: this replica keeps "
                        + "%s until it runs the build that has it", s.activeVersion(),
                        policy.compiled().stream().map(ActivePolicy.Snapshot::version).toList(),
                        policy.current().version());
            }
        });
    }

    /** Makes the build's candidate answer, on every replica. */
    public synchronized Status promote(String actor) {
        ActivePolicy.Snapshot candidate = policy.candidate().orElseThrow(() -> new PolicyChangeException(
                "this build has no candidate policy to promote (decision-tables/candidate/ is empty)"));
        String from = policy.current().version();
        if (from.equals(candidate.version())) {
            throw new PolicyChangeException("the candidate " + from + " already answers");
        }
        change(actor, "promote", from, candidate.version(), from);
        return status();
    }

    /**
     * Returns to the policy that answered before the last promotion, on every replica. One step: after a rollback
     * there is nothing further back (the history keeps every change; promote again to move forward).
     */
    public synchronized Status rollback(String actor) {
        String from = policy.current().version();
        String to = shared().map(PolicyState::previousVersion).orElse(null);
        if (to == null || to.equals(from)) {
            throw new PolicyChangeException("there is no earlier policy to roll back to");
        }
        if (policy.compiled().stream().noneMatch(s -> s.version().equals(to))) {
            throw new PolicyChangeException("the previous policy " + to + " is not compiled into this build");
        }
        change(actor, "rollback", from, to, null); // one step back: a second rollback has nothing to return to
        return status();
    }

    public Status status() {
        Optional<PolicyState> shared = Optional.empty();
        List<PolicyChange> changes = List.of();
        if (backend.store().isPresent()) {
            try {
                shared = backend.ready().policyState();
                changes = backend.ready().policyChanges(20);
            } catch (StoreException e) {
                // the status still says what this replica answers with
            }
        }
        return new Status(policy.current().version(), policy.built().version(),
                policy.candidate().map(ActivePolicy.Snapshot::version).orElse(null), shared.orElse(null), changes,
                config.policyWatchInterval().toMillis(), records.replica());
    }

    private void change(String actor, String action, String from, String to, String previous) {
        DecisionStore store = store();
        long now = System.currentTimeMillis();
        try {
            store.changePolicy(new PolicyChange(now, actor, action, from, to, records.replica()),
                    new PolicyState(to, previous, now));
        } catch (StoreException e) {
            throw new StoreUnavailableException("the policy was not changed: the decision store cannot be reached ("
                    + e.getMessage() + ")");
        }
        policy.switchTo(to);
        LOG.infof("policy %s by %s: %s -> %s (every replica follows within %s)", action, actor, from, to,
                config.policyWatchInterval());
    }

    private DecisionStore store() {
        return StoreAccess.query(backend, "promotion and rollback (shared through the store)", s -> s);
    }

    private Optional<PolicyState> shared() {
        return StoreAccess.query(backend, "promotion and rollback (shared through the store)",
                DecisionStore::policyState);
    }
}
