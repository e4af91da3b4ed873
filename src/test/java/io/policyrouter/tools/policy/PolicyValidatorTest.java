package io.policyrouter.tools.policy;

import io.policyrouter.tools.ToolConfig;
import io.policyrouter.policy.source.PolicyValidator;
import io.policyrouter.catalog.ModelCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.policyrouter.tools.policy.PolicyTables.DIR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyValidatorTest {

    static ModelCatalog catalog() throws Exception {
        return ToolConfig.catalog();
    }

    static List<String> errors(Path tables) throws Exception {
        return new PolicyValidator(catalog()).validate(List.of(PolicyTables.RULES, tables)).stream()
                .filter(f -> f.severity().equals("error")).map(PolicyValidator.Finding::toString).toList();
    }

    @Test
    void theShippedTablesAreValid() throws Exception {
        assertEquals(List.of(), errors(PolicyTables.TABLES));
    }

    @Test
    void aTypodModelIdIsReportedWithFileSheetAndCell(@TempDir Path tmp) throws Exception {
        Path tables = PolicyTables.copyTables(tmp);
        Path compliance = tables.resolve(DIR + "compliance.drl.xlsx");
        int row = PolicyTables.rowOf(compliance, "", "initech");
        PolicyTables.set(compliance, row, "Excluded models", "gtp-4o");
        List<String> errors = errors(tables);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("decision-tables/io/policyrouter/policy/compliance.drl.xlsx, sheet "
                + "Compliance, cell I" + row + ": unknown model 'gtp-4o' — did you mean 'gpt-4o'?"), errors.get(0));
    }

    @Test
    void valuesOutsideTheVocabularyAreErrors(@TempDir Path tmp) throws Exception {
        Path tables = PolicyTables.copyTables(tmp);
        Path capability = tables.resolve(DIR + "capability.drl.xlsx");
        int row = PolicyTables.rowOf(capability, "math", "");
        PolicyTables.set(capability, row, "Task type", "Math");
        PolicyTables.set(capability, row, "Primary min score", "0,75");
        Path compliance = tables.resolve(DIR + "compliance.drl.xlsx");
        PolicyTables.set(compliance, PolicyTables.rowOf(compliance, "SECRET", ""), "Require model flags",
                "self_hosted, air_gapped");
        List<String> errors = errors(tables);
        assertTrue(errors.stream().anyMatch(e -> e.contains("cell B" + row + ": unknown task type 'Math' — did you mean 'math'?")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("'0,75' is not a number (use a dot as decimal separator)")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("unknown flag 'air_gapped'")), errors.toString());
    }

    @Test
    void aFlagNoModelHoldsIsAnError(@TempDir Path tmp) throws Exception {
        Path tables = PolicyTables.copyTables(tmp);
        Path compliance = tables.resolve(DIR + "compliance.drl.xlsx");
        PolicyTables.set(compliance, PolicyTables.rowOf(compliance, "MEDICAL", ""), "Require model flags",
                "hipaa_eligible, pci_eligible, self_hosted, zero_data_retention, pii_allowed");
        assertEquals(List.of(), errors(tables), "llama-3.3-70b holds all five");
        PolicyTables.set(compliance, PolicyTables.rowOf(compliance, "MEDICAL", ""), "Allowed regions", "mars");
        assertTrue(errors(tables).stream().anyMatch(e -> e.contains("unknown region 'mars'")));
    }

    @Test
    void aDeletedRowThatLeavesAGapIsReported(@TempDir Path tmp) throws Exception {
        Path tables = PolicyTables.copyTables(tmp);
        Path latency = tables.resolve(DIR + "latency-tier.drl.xlsx");
        int row = PolicyTables.rowOf(latency, "chat", "free");
        PolicyTables.clearRow(latency, row);
        List<String> errors = errors(tables);
        assertTrue(errors.stream().anyMatch(e -> e.equals("decision-tables/io/policyrouter/policy/latency-tier.drl.xlsx, "
                + "sheet LatencyTier, row " + (row + 1) + ": below an empty row: Drools ends the table at the first "
                + "empty row and ignores this one — delete the empty row above")), errors.toString());
    }

    @Test
    void aTableDroolsWouldIgnoreIsReported(@TempDir Path tmp) throws Exception {
        Path tables = PolicyTables.copyTables(tmp);
        Files.move(tables.resolve(DIR + "latency-tier.drl.xlsx"), tables.resolve(DIR + "latency-tier.xlsx"));
        assertTrue(errors(tables).stream().anyMatch(e -> e.contains("latency-tier.xlsx: Drools ignores this file")));
    }

    @Test
    void aMissingReasonIsReported(@TempDir Path tmp) throws Exception {
        Path tables = PolicyTables.copyTables(tmp);
        Path floor = tables.resolve(DIR + "confidence-floor.drl.xlsx");
        int row = PolicyTables.rowOf(floor, "low", "");
        PolicyTables.set(floor, row, "Reason", "");
        assertTrue(errors(tables).stream().anyMatch(e -> e.endsWith("'Reason' is required in every row")), errors(tables).toString());
    }
}
