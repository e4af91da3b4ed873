package io.policyrouter.policy;

import io.policyrouter.vocabulary.ComplianceFlags;
import io.policyrouter.vocabulary.Annotations;
import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.catalog.ModelProfile;
import io.policyrouter.catalog.ModelStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Set;

/**
 * Runs the compiled policy for one request. A fault in the rule engine (an exception, a runaway policy, a
 * timeout) never becomes a 500: the caller gets the configured safe default, flagged degraded — or, when even that
 * model cannot take the request, a clear 503.
 */
@ApplicationScoped
public class PolicyEngine {

    private static final Logger LOG = Logger.getLogger(PolicyEngine.class);

    private final ModelCatalog catalog;
    private final PolicySettings settings;
    private final PolicyConfig config;
    private final PolicyEvaluator evaluator;

    public PolicyEngine(ModelCatalog catalog, PolicyConfig config) {
        this.catalog = catalog;
        this.config = config;
        this.settings = PolicySettings.of(config);
        this.evaluator = new PolicyEvaluator(catalog.models(), settings);
    }

    // Override per deployment: io.policyrouter.policy.PolicyEngine/decide/Timeout/value (ms).
    @Timeout(2000)
    @Fallback(fallbackMethod = "safeDefault")
    public Decided decide(ActivePolicy.Snapshot p, String decisionId, RequestFacts facts, Annotations annotations) {
        Evaluation e = evaluator.evaluate(p, facts);
        return new Decided(evaluator.assemble(p, decisionId, e, annotations), e);
    }

    /** A decision and the rule engine's run behind it (null for a safe default, which is never cached). */
    public record Decided(Decision decision, Evaluation evaluation) {
    }



    /** Safe default: a model holding every compliance flag, only where it serves the requested region. */
    Decided safeDefault(ActivePolicy.Snapshot p, String decisionId, RequestFacts facts, Annotations annotations,
                        Throwable cause) {
        LOG.errorf(cause, "policy evaluation failed for decision %s; using the safe default", decisionId);
        ModelProfile model = catalog.find(config.safeDefaultModel())
                .filter(m -> m.status() == ModelStatus.ACTIVE)
                .filter(m -> m.flags().containsAll(ComplianceFlags.KNOWN))
                .filter(m -> facts.getDataRegion().isEmpty() || m.servesAnyRegion(Set.of(facts.getDataRegion())))
                .orElseThrow(() -> new PolicyUnavailableException(decisionId,
                        "the policy could not be evaluated and the safe default model '" + config.safeDefaultModel()
                                + "' cannot take this request"));
        Decision.Target target = new Decision.Target(model.id(), model.provider(), settings.getDefaultTierTimeoutMs(),
                model.score(annotations.task().type()),
                model.estimateCost(facts.getTokens(), facts.getExpectedOutputTokens()), "safe_default");
        String note = "degraded: the policy could not be evaluated (" + cause.getClass().getSimpleName()
                + "); safe default " + model.id() + " holds every compliance flag";
        return new Decided(new Decision(decisionId, p.version(), target, List.of(), "direct",
                new Decision.Tier(settings.getDefaultTier(), settings.getDefaultTierMaxP95Ms(),
                        settings.getDefaultTierTimeoutMs(), true, null),
                null, List.of(), List.of(), List.of(), List.of(note),
                target.estimatedCostUsd(), true, null, annotations, facts), null);
    }
}
