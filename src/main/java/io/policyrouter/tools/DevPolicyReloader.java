package io.policyrouter.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.policy.ActivePolicy;
import io.policyrouter.policy.PolicyIndex;
import io.policyrouter.policy.PolicyVersion;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kie.api.runtime.KieContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

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
    private final List<Path> roots = List.of(Path.of("rules"), Path.of("decision-tables"));
    private ActivePolicy.Snapshot reloaded;
    private String reloadedHash;
    private String failedHash;
    private String stamp = "";
    private long checkedAt;

    public DevPolicyReloader(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public synchronized ActivePolicy.Snapshot latest(ActivePolicy.Snapshot compiled) {
        long now = System.currentTimeMillis();
        if (now - checkedAt < CHECK_EVERY_MS || roots.stream().anyMatch(r -> !Files.isDirectory(r))) {
            return reloaded != null ? reloaded : compiled;
        }
        checkedAt = now;
        try {
            String newStamp = stamp();
            if (newStamp.equals(stamp)) {
                return reloaded != null ? reloaded : compiled;
            }
            stamp = newStamp;
            PolicySources sources = PolicySources.read(roots);
            String hash = sources.contentHash();
            if (hash.equals(compiled.index().contentHash())) {
                reloaded = null;
                return compiled;
            }
            if (hash.equals(reloadedHash) || hash.equals(failedHash)) {
                return reloaded != null ? reloaded : compiled;
            }
            reload(sources, hash);
        } catch (Exception e) {
            LOG.errorf("policy reload failed: %s", e.getMessage());
        }
        return reloaded != null ? reloaded : compiled;
    }

    private void reload(PolicySources sources, String hash) throws Exception {
        long start = System.nanoTime();
        List<PolicyValidator.Finding> errors = new PolicyValidator(catalog).validate(roots).stream()
                .filter(f -> f.severity().equals("error")).toList();
        if (!errors.isEmpty()) {
            failedHash = hash;
            errors.forEach(f -> LOG.error("policy not reloaded: " + f));
            return;
        }
        KieContainer container;
        try {
            container = PolicyCompiler.compile(roots);
        } catch (PolicyCompiler.PolicyCompileException e) {
            failedHash = hash;
            LOG.error("policy not reloaded, it does not compile: " + e.getMessage());
            return;
        }
        PolicyIndex index = PolicyIndex.parse(new ObjectMapper().readTree(PolicyIndexer.json(sources)));
        reloaded = new ActivePolicy.Snapshot(container::newKieSession, index,
                PolicyVersion.compute(hash, catalog.content()));
        reloadedHash = hash;
        LOG.infof("policy reloaded from disk: %s (%d ms)", reloaded.version(), (System.nanoTime() - start) / 1_000_000);
    }

    /** Cheap change detection: names, sizes and modification times; content is hashed only when these move. */
    private String stamp() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Path root : roots) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    sb.append(p).append(':').append(Files.size(p)).append(':')
                            .append(Files.getLastModifiedTime(p).toMillis()).append('\n');
                }
            }
        }
        return sb.toString();
    }
}
