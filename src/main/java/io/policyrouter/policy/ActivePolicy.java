package io.policyrouter.policy;

import io.policyrouter.catalog.ModelCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;
import org.kie.api.runtime.KieRuntimeBuilder;
import org.kie.api.runtime.KieSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The policies compiled into this build — the active one and, when the analysts have one under evaluation, the
 * candidate — and which of them answers right now. Promotion and rollback switch between them at run time, no
 * restart (the choice is shared by every replica through the store). In dev mode, the tables and rules on disk,
 * recompiled when an analyst saves a change (policy.source.DevPolicyReloader), answer instead.
 */
@ApplicationScoped
public class ActivePolicy {

    private static final Logger LOG = Logger.getLogger(ActivePolicy.class);

    /**
     * One consistent policy: where sessions come from, where rules live, its version, and warnings every decision
     * should carry (dev mode: "the tables on disk did not load").
     */
    public record Snapshot(Supplier<KieSession> sessions, PolicyIndex index, String version, List<String> warnings) {

        public Snapshot withWarnings(List<String> more) {
            return new Snapshot(sessions, index, version, List.copyOf(more));
        }
    }

    /** Supplies a newer policy than the compiled one, when there is one (dev mode only). */
    public interface Reloader {
        Snapshot latest(Snapshot compiled);
    }

    private final Snapshot built;
    private final Snapshot candidate;
    private final Instance<Reloader> reloader;
    private volatile Snapshot chosen;

    public ActivePolicy(KieRuntimeBuilder kie, PolicyVersion version, Instance<Reloader> reloader,
                        ModelCatalog catalog) {
        this.built = new Snapshot(kie::newKieSession, version.index(), version.value(), List.of());
        this.candidate = PolicyIndex.load(PolicyIndex.CANDIDATE_RESOURCE)
                .map(index -> new Snapshot(() -> kie.newKieSession("candidate-session"), index,
                        PolicyVersion.compute(index.contentHash(), catalog.content()), List.of()))
                .filter(c -> !c.version().equals(built.version()))
                .orElse(null);
        this.reloader = reloader;
        this.chosen = built;
        if (candidate != null) {
            LOG.infof("policies compiled into this build: active %s, candidate %s", built.version(),
                    candidate.version());
        }
    }

    /** The policy that answers requests now. */
    public Snapshot current() {
        return reloader.isResolvable() ? reloader.get().latest(chosen) : chosen;
    }

    /** The build's candidate policy while it is not the one answering: what shadow mode evaluates. */
    public Optional<Snapshot> shadowed() {
        return candidate != null && chosen != candidate && !reloader.isResolvable() ? Optional.of(candidate)
                : Optional.empty();
    }

    /** The build's candidate, if it has one, answering or not. */
    public Optional<Snapshot> candidate() {
        return Optional.ofNullable(candidate);
    }

    /** The policy compiled as the active one. */
    public Snapshot built() {
        return built;
    }

    /** Every policy this build can answer with. */
    public List<Snapshot> compiled() {
        List<Snapshot> all = new ArrayList<>();
        all.add(built);
        if (candidate != null) {
            all.add(candidate);
        }
        return all;
    }

    /** Answers with the compiled policy of that version from now on; false when this build has none. */
    public boolean switchTo(String version) {
        for (Snapshot s : compiled()) {
            if (s.version().equals(version)) {
                if (chosen != s) {
                    LOG.infof("policy %s answers from now on (was %s)", version, chosen.version());
                    chosen = s;
                }
                return true;
            }
        }
        return false;
    }
}
