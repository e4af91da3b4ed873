package io.policyrouter.policy;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.kie.api.definition.KiePackage;
import org.kie.api.runtime.KieRuntimeBuilder;

import java.util.Set;
import java.util.TreeSet;

/**
 * Ready only when the compiled knowledge base holds every rule the policy sources define: a pod whose tables were
 * silently dropped from the build must not take traffic.
 */
@Readiness
@ApplicationScoped
public class PolicyReadiness implements HealthCheck {

    private final KieRuntimeBuilder kie;
    private final PolicyVersion version;

    public PolicyReadiness(KieRuntimeBuilder kie, PolicyVersion version) {
        this.kie = kie;
        this.version = version;
    }

    @Override
    public HealthCheckResponse call() {
        Set<String> loaded = new TreeSet<>();
        for (KiePackage p : kie.getKieBase().getKiePackages()) {
            p.getRules().forEach(r -> loaded.add(r.getName()));
        }
        Set<String> missing = new TreeSet<>(version.index().ruleNames());
        missing.removeAll(loaded);
        return HealthCheckResponse.named("policy")
                .status(!loaded.isEmpty() && missing.isEmpty())
                .withData("policy_version", version.value())
                .withData("rules_loaded", loaded.size())
                .withData("rules_missing", missing.isEmpty() ? "none" : String.join(", ", missing))
                .build();
    }
}
