package io.policyrouter.rest;

import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.policy.PolicyIndex;
import io.policyrouter.policy.ActivePolicy;
import io.policyrouter.service.ShadowReport;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;

/** GET /v1/policy: the policy version and what it is made of; GET /v1/policy/shadow: the candidate in shadow. */
@Path("/v1/policy")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    private final ActivePolicy policy;
    private final ModelCatalog catalog;
    private final ShadowReport shadow;
    private final PolicyViews views;

    public PolicyResource(ActivePolicy policy, ModelCatalog catalog, ShadowReport shadow, PolicyViews views) {
        this.policy = policy;
        this.catalog = catalog;
        this.shadow = shadow;
        this.views = views;
    }

    /** Shadow mode's report on the candidate policy; {@code window} e.g. PT24H (default router.shadow.report-window). */
    @GET
    @Path("/shadow")
    public PolicyViews.Shadow shadow(@QueryParam("window") String window) {
        return views.toView(shadow.report(LoopViews.window(window)));
    }

    /** Wire records of their own: the policy index may change shape without changing the API. */
    public record PolicyView(String policyVersion, String catalog, List<Table> tables, List<Rule> rules) {
    }

    public record Table(String file, String sheet, String table, String notes, boolean firstMatch,
                        List<String> columns, List<Rule> rows) {
    }

    /** A DRL rule (file, line) or a table row (file, sheet, table, row, the row's cells by column label). */
    public record Rule(String rule, String file, String sheet, String table, Integer row, Integer line,
                       Map<String, String> cells) {
    }

    @GET
    public PolicyView get() {
        ActivePolicy.Snapshot p = policy.current();
        return new PolicyView(p.version(), catalog.source(), p.index().tables().stream().map(t -> new Table(t.file(),
                t.sheet(), t.table(), t.notes(), t.firstMatch(), t.columns(),
                t.rows().stream().map(PolicyResource::rule).toList())).toList(),
                p.index().drlRules().stream().map(PolicyResource::rule).toList());
    }

    private static Rule rule(PolicyIndex.RuleSource s) {
        return new Rule(s.rule(), s.file(), s.sheet(), s.table(), s.row(), s.line(), s.cells());
    }
}
