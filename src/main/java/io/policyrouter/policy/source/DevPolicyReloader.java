package io.policyrouter.policy.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.policy.ActivePolicy;
import io.policyrouter.policy.PolicyIndex;
import io.policyrouter.policy.PolicyVersion;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.kie.api.runtime.KieContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Dev mode only: an analyst saves a table and the next request routes by it, no restart. Drools 10.1.0 caches
 * compiled tables by path, so Quarkus' own reload keeps the old rules; this recompiles rules/ and decision-tables/
 * from disk whenever their content differs from what the build compiled. An invalid edit is logged with file,
 * sheet and cell, and the last good policy stays in force.
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class DevPolicyReloader implements ActivePolicy.Reloader {

    private static final Logger LOG = Logger.getLogger(DevPolicyReloader.class);
    private static final long CHECK_EVERY_MS = 500;

    private final ModelCatalog catalog;
    private final List<Path> roots;
    private final long checkEveryMs;
    private ActivePolicy.Snapshot reloaded;
    private String reloadedHash;
    private String failedHash;
    private String stamp = "";
    private List<String> problems = List.of();
    private long checkedAt;

    @Inject
    public DevPolicyReloader(ModelCatalog catalog) {
        this(catalog, List.of(Path.of("rules"), Path.of("decision-tables")), CHECK_EVERY_MS);
    }

    DevPolicyReloader(ModelCatalog catalog, List<Path> roots, long checkEveryMs) {
        this.catalog = catalog;
        this.roots = List.copyOf(roots);
        this.checkEveryMs = checkEveryMs;
    }

    @Override
    public synchronized ActivePolicy.Snapshot latest(ActivePolicy.Snapshot compiled) {
        long now = System.currentTimeMillis();
        if (now - checkedAt < checkEveryMs || roots.stream().anyMatch(r -> !Files.isDirectory(r))) {
            return current(compiled);
        }
        checkedAt = now;
        try {
            String newStamp = stamp();
            if (newStamp.equals(stamp)) {
                return current(compiled);
            }
            stamp = newStamp;
            PolicySources sources = PolicySources.read(roots);
            String hash = sources.contentHash();
            if (hash.equals(compiled.index().contentHash())) {
                reloaded = null;
                problems = List.of();
                return compiled;
            }
            if (hash.equals(reloadedHash) || hash.equals(failedHash)) {
                return current(compiled);
            }
            reload(sources, hash);
        } catch (Exception e) {
            LOG.errorf("policy reload failed: %s", e.getMessage());
        }
        return current(compiled);
    }

    private ActivePolicy.Snapshot current(ActivePolicy.Snapshot compiled) {
        ActivePolicy.Snapshot s = reloaded != null ? reloaded : compiled;
        return problems.isEmpty() ? s : s.withWarnings(problems);
    }

    private void reload(PolicySources sources, String hash) throws Exception {
        long start = System.nanoTime();
        List<PolicyValidator.Finding> errors = new PolicyValidator(catalog).validate(roots).stream()
                .filter(f -> f.severity().equals("error")).toList();
        if (!errors.isEmpty()) {
            failedHash = hash;
            errors.forEach(f -> LOG.error("policy not reloaded: " + f));
            problems = List.of("dev mode: the policy on disk did not load, the last good one decided (" + errors.size()
                    + " error(s), first: " + errors.get(0) + ")");
            return;
        }
        KieContainer container;
        try {
            container = PolicyCompiler.compile(roots);
        } catch (PolicyCompiler.PolicyCompileException e) {
            failedHash = hash;
            LOG.error("policy not reloaded, it does not compile: " + e.getMessage());
            problems = List.of("dev mode: the policy on disk does not compile, the last good one decided (see the log)");
            return;
        }
        PolicyIndex index = PolicyIndex.parse(new ObjectMapper().readTree(PolicyIndexWriter.json(sources)));
        reloaded = new ActivePolicy.Snapshot(container::newKieSession, index,
                PolicyVersion.compute(hash, catalog.content()), List.of());
        problems = List.of();
        reloadedHash = hash;
        LOG.infof("policy reloaded from disk: %s (%d ms)", reloaded.version(), (System.nanoTime() - start) / 1_000_000);
    }

    /** Cheap change detection: names, sizes and modification times; content is hashed only when these move. */
    private String stamp() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Path root : roots) {
            for (Path p : PolicySources.files(root)) {
                sb.append(p).append(':').append(Files.size(p)).append(':')
                        .append(Files.getLastModifiedTime(p).toMillis()).append('\n');
            }
        }
        return sb.toString();
    }
}
