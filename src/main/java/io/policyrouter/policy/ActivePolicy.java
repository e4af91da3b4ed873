package io.policyrouter.policy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.kie.api.runtime.KieRuntimeBuilder;
import org.kie.api.runtime.KieSession;

import java.util.List;
import java.util.function.Supplier;

/**
 * The policy the service runs right now: the one compiled into the build — or, in dev mode, the tables and rules
 * as they are on disk, recompiled when an analyst saves a change (see tools.DevPolicyReloader).
 */
@ApplicationScoped
public class ActivePolicy {

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

    private final Snapshot compiled;
    private final Instance<Reloader> reloader;

    public ActivePolicy(KieRuntimeBuilder kie, PolicyVersion version, Instance<Reloader> reloader) {
        this.compiled = new Snapshot(kie::newKieSession, version.index(), version.value(), List.of());
        this.reloader = reloader;
    }

    public Snapshot current() {
        return reloader.isResolvable() ? reloader.get().latest(compiled) : compiled;
    }
}
