package io.policyrouter.tools.policy;

import io.policyrouter.tools.ToolConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
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
        Files.createDirectories(changed);
        PolicyTables.copyTables(changed);
        Workbench.copyTree(PolicyTables.RULES, changed.resolve("rules"));
        Path capability = changed.resolve("decision-tables/" + DIR + "capability.drl.xlsx");
        int row = PolicyTables.rowOf(capability, "code", "", "", "");
        PolicyTables.set(capability, row, "Capability (score to rank on)", "reasoning");

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
}
