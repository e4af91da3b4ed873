package io.policyrouter.tools.policy;

import io.policyrouter.tools.ToolConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.policyrouter.policy.FactsCodec;
import io.policyrouter.policy.RequestFacts;
import org.flywaydb.core.Flyway;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.nio.file.Path;
import java.util.List;

import static io.policyrouter.tools.policy.PolicyTables.DIR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The analyst's gate: a one-row change shows up as exactly the decisions it changes, with the row and the cost. */
class PolicyDiffTest {

    @Test
    void aOneRowChangeListsTheChangedDecisionsWithTheRowAndTheCostDelta(@TempDir Path tmp) throws Exception {
        Path changed = tmp.resolve("changed");
        int row = codeRanksOnReasoning(changed);

        Workbench bench = new Workbench(ToolConfig.catalog(), ToolConfig.settings());
        PolicyDiff.Result r = PolicyDiff.diff(bench, List.of(PolicyTables.RULES, PolicyTables.TABLES),
                PolicyDiff.roots(changed), Scenario.load(Path.of("src/test/resources/scenarios")),
                List.of("{\"prompt\":\"Write a Java method that reverses a linked list.\",\"channel\":\"api\"}",
                        "{\"prompt\":\"Hi there!\",\"channel\":\"chat\"}"));

        assertEquals(List.of("Capability_" + row + " (decision-tables/io/policyrouter/policy/capability.drl.xlsx, "
                + "sheet Capability, row " + row + ")"), r.editedRows().stream().map(s -> s.substring(0, s.indexOf(':'))).toList());
        assertTrue(r.changes().size() >= 2, "changes: " + r.changes());
        PolicyDiff.Change code = r.changes().stream().filter(c -> c.request().contains("ordinary code")).findFirst()
                .orElseThrow(() -> new AssertionError("code scenario unchanged: " + r.changes()));
        assertTrue(code.before().startsWith("claude-sonnet-4"), code.before());
        assertTrue(code.after().startsWith("gemini-2.5-pro"), code.after());
        assertTrue(code.rows().stream().anyMatch(x -> x.startsWith("Capability_" + row)), code.rows().toString());
        assertTrue(code.costDelta() != 0.0);
        assertTrue(r.changes().stream().noneMatch(c -> c.request().contains("creative")), "unrelated requests stay");
        assertTrue(PolicyDiff.markdown(r, "base").contains("rows responsible: Capability_" + row));
    }

    /** The policy with one capability row changed (code ranks on reasoning) in {@code changed}; returns the row. */
    private static int codeRanksOnReasoning(Path changed) throws Exception {
        Files.createDirectories(changed);
        PolicyTables.copyTables(changed);
        Workbench.copyTree(PolicyTables.RULES, changed.resolve("rules"));
        Path capability = changed.resolve("decision-tables/" + DIR + "capability.drl.xlsx");
        int row = PolicyTables.rowOf(capability, "code", "", "", "");
        PolicyTables.set(capability, row, "Capability (score to rank on)", "reasoning");
        return row;
    }

    /** The diff replays real traffic from the decision store: the facts recorded with each decision. */
    @Test
    void recordedDecisionsFromTheStoreAreReplayedUnderBothPolicies(@TempDir Path tmp) throws Exception {
        String url = "jdbc:h2:file:" + tmp.resolve("store") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        Flyway.configure().dataSource(url, "", "").locations("classpath:db/migration").load().migrate();
        RequestFacts code = Scenario.load(Path.of("src/test/resources/scenarios")).stream()
                .filter(s -> s.note().contains("ordinary code")).findFirst().orElseThrow().facts();
        long now = System.currentTimeMillis();
        try (Connection c = DriverManager.getConnection(url, "", "");
             PreparedStatement p = c.prepareStatement("INSERT INTO decisions (decision_id, at_ms, replica, "
                     + "policy_version, tenant, task_type, tier, model, provider, strategy, refused, degraded, "
                     + "estimated_cost, facts, explanation) VALUES (?,?,'a','pv',NULL,'code',NULL,'m','p','direct',"
                     + "FALSE,FALSE,0,?,'{}')")) {
            for (Object[] row : new Object[][]{{"recent", now - 1000}, {"too-old", now - Duration.ofDays(3).toMillis()}}) {
                p.setString(1, (String) row[0]);
                p.setLong(2, (Long) row[1]);
                p.setString(3, FactsCodec.toJson(code).toString());
                p.executeUpdate();
            }
        }
        Map<String, RequestFacts> recorded = PolicyDiff.recorded(url, "", "", Duration.ofHours(24), 100);
        assertEquals(List.of("decision recent"), List.copyOf(recorded.keySet()), "the window bounds the replay");

        Path changed = tmp.resolve("changed");
        int row = codeRanksOnReasoning(changed);
        Workbench bench = new Workbench(ToolConfig.catalog(), ToolConfig.settings());
        PolicyDiff.Result r = PolicyDiff.diff(bench, List.of(PolicyTables.RULES, PolicyTables.TABLES),
                PolicyDiff.roots(changed), List.of(), List.of(), recorded);

        assertEquals(1, r.requests());
        assertEquals(1, r.changes().size(), "the recorded code request changes: " + r.changes());
        assertEquals("decision recent", r.changes().get(0).request());
        assertTrue(r.changes().get(0).rows().stream().anyMatch(x -> x.startsWith("Capability_" + row)));
    }
}
