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
 * Ready only when the compiled knowledge bases hold every rule the policy sources define — the active policy's and,
 * when the build has one, the candidate's: a pod whose tables were silently dropped from the build must not take
 * traffic.
 */
@Readiness
@ApplicationScoped
public class PolicyReadiness implements HealthCheck {

    private final KieRuntimeBuilder kie;
    private final ActivePolicy policy;

    public PolicyReadiness(KieRuntimeBuilder kie, ActivePolicy policy) {
        this.kie = kie;
        this.policy = policy;
    }

    @Override
    public HealthCheckResponse call() {
        Set<String> missing = missing(loaded("active"), policy.built().index());
        Set<String> candidateMissing = policy.candidate().map(c -> missing(loaded("candidate"), c.index()))
                .orElse(Set.of());
        var r = HealthCheckResponse.named("policy")
                .status(missing.isEmpty() && candidateMissing.isEmpty())
                .withData("policy_version", policy.current().version())
                .withData("compiled_active", policy.built().version())
                .withData("rules_missing", missing.isEmpty() ? "none" : String.join(", ", missing));
        policy.candidate().ifPresent(c -> r.withData("compiled_candidate", c.version()).withData("candidate_rules_missing",
                candidateMissing.isEmpty() ? "none" : String.join(", ", candidateMissing)));
        return r.build();
    }

    private Set<String> loaded(String kbase) {
        Set<String> loaded = new TreeSet<>();
        for (KiePackage p : kie.getKieBase(kbase).getKiePackages()) {
            p.getRules().forEach(rule -> loaded.add(rule.getName()));
        }
        return loaded;
    }

    private static Set<String> missing(Set<String> loaded, PolicyIndex index) {
        Set<String> missing = new TreeSet<>(index.ruleNames());
        missing.removeAll(loaded);
        if (loaded.isEmpty()) {
            missing.add("(no rule loaded at all)");
        }
        return missing;
    }
}
