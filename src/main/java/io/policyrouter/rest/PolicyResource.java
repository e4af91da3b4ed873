package io.policyrouter.rest;

import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.policy.PolicyIndex;
import io.policyrouter.policy.ActivePolicy;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** GET /v1/policy: the policy version and what it is made of — every DRL rule and every table row. */
@Path("/v1/policy")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    private final ActivePolicy policy;
    private final ModelCatalog catalog;

    public PolicyResource(ActivePolicy policy, ModelCatalog catalog) {
        this.policy = policy;
        this.catalog = catalog;
    }

    public record PolicyView(String policyVersion, String catalog, List<PolicyIndex.TableInfo> tables,
                             List<PolicyIndex.RuleSource> rules) {
    }

    @GET
    public PolicyView get() {
        ActivePolicy.Snapshot p = policy.current();
        return new PolicyView(p.version(), catalog.source(), p.index().tables(), p.index().drlRules());
    }
}
