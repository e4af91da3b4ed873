package io.policyrouter.tools.policy;

import io.policyrouter.tools.ToolConfig;
import io.policyrouter.policy.source.PolicyCompiler;
import io.policyrouter.policy.source.PolicySources;
import io.policyrouter.catalog.ModelCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.runtime.KieContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.policyrouter.tools.policy.PolicyTables.DIR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The static policy check: the shipped policy passes; a gap and conflicting rows fail it, naming sheet and cell. */
class CheckPolicyTest {

    static ModelCatalog catalog;

    @BeforeAll
    static void catalog() throws Exception {
        catalog = ToolConfig.catalog();
    }

    static PolicyChecker.Report check(Path tables) throws Exception {
        List<Path> roots = List.of(PolicyTables.RULES, tables);
        KieContainer policy = PolicyCompiler.compile(roots);
        return new PolicyChecker(policy::newKieSession, PolicySources.read(roots), catalog, ToolConfig.settings())
                .check(Scenario.load(Path.of("src/test/resources/scenarios")));
    }

    @Test
    void theShippedPolicyHasNoGapAndNoViolation() throws Exception {
        PolicyChecker.Report r = check(PolicyTables.TABLES);
        CheckPolicy.write(r, Path.of("target/policy-report.md"));
        assertEquals(List.of(), r.errors(), "see target/policy-report.md");
        assertTrue(r.evaluations() > 10_000, "evaluations: " + r.evaluations());
        assertTrue(r.refused().keySet().stream().anyMatch(k -> k.contains("civic-gov")), r.refused().keySet().toString());
        assertEquals(List.of(), r.notFiredInScenarios());
        assertTrue(Files.readString(Path.of("target/policy-report.md")).contains("## Refused combinations"));
    }

    @Test
    void aDeletedRowThatLeavesAGapAndTwoConflictingRowsFailTheCheck(@TempDir Path tmp) throws Exception {
        Path tables = PolicyTables.copyTables(tmp);
        // gap: no confidence-floor row for "standard" any more (every one now reads "low")
        Path floor = tables.resolve(DIR + "confidence-floor.drl.xlsx");
        for (int standard : PolicyTables.rowsOf(floor, "standard")) {
            PolicyTables.set(floor, standard, "Required confidence", "low");
        }
        // conflict: the "code" capability row repeated with another capability
        Path capability = tables.resolve(DIR + "capability.drl.xlsx");
        int math = PolicyTables.rowOf(capability, "math", "", "", "");
        PolicyTables.set(capability, math, "Task type", "code");
        PolicyChecker.Report r = check(tables);
        List<String> errors = r.errors().stream().map(Object::toString).toList();
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("decision-tables/io/policyrouter/policy/confidence-floor.drl.xlsx, "
                + "sheet ConfidenceFloor: ") && e.contains("have no default") && e.contains("requiredConfidence=standard")),
                errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("decision-tables/io/policyrouter/policy/capability.drl.xlsx, "
                + "sheet Capability, cell F" + math + ": conflicts with row")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("neither a model nor a refusal")), errors.toString());
        // the now shadowed rows are reported as unreachable
        assertTrue(r.warnings().stream().anyMatch(w -> w.toString().contains("cell F" + math + ": unreachable")
                || w.toString().contains("row " + math)), r.warnings().toString());
    }
}
