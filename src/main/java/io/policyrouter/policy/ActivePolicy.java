package io.policyrouter.policy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.kie.api.runtime.KieRuntimeBuilder;
import org.kie.api.runtime.KieSession;

import java.util.function.Supplier;

/**
 * The policy the service runs right now: the one compiled into the build — or, in dev mode, the tables and rules
 * as they are on disk, recompiled when an analyst saves a change (see tools.DevPolicyReloader).
 */
@ApplicationScoped
public class ActivePolicy {

    /** One consistent policy: where sessions come from, where rules live, and its version. */
    public record Snapshot(Supplier<KieSession> sessions, PolicyIndex index, String version) {
    }

    /** Supplies a newer policy than the compiled one, when there is one (dev mode only). */
    public interface Reloader {
        Snapshot latest(Snapshot compiled);
    }

    private final Snapshot compiled;
    private final Instance<Reloader> reloader;

    public ActivePolicy(KieRuntimeBuilder kie, PolicyVersion version, Instance<Reloader> reloader) {
        this.compiled = new Snapshot(kie::newKieSession, version.index(), version.value());
        this.reloader = reloader;
    }

    public Snapshot current() {
        return reloader.isResolvable() ? reloader.get().latest(compiled) : compiled;
    }
}
