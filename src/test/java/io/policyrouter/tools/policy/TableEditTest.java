package io.policyrouter.tools.policy;

import io.policyrouter.tools.ToolConfig;
import io.policyrouter.policy.source.PolicyCompiler;
import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.policy.Evaluation;
import io.policyrouter.policy.RequestFacts;
import io.policyrouter.policy.RuleRunner;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.runtime.KieContainer;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * An analyst's one-cell edit changes the decision after a rebuild: the API row of the latency-tier table admits
 * slower models (max p95 8000 -> 30000 ms), the policy is recompiled, and the same code request is routed by both
 * policies: the reasoning model o3, too slow for the shipped API tier, now serves code.
 */
public class TableEditTest {

    static final Path RULES = Path.of("rules");
    static final Path TABLES = Path.of("decision-tables");

    @Test
    void admittingSlowerModelsForApiCallersMovesCodeToTheReasoningModel(@TempDir Path tmp) throws Exception {
        Path editedTables = tmp.resolve("decision-tables");
        Workbench.copyTree(TABLES, editedTables);
        setCell(editedTables.resolve("io/policyrouter/policy/latency-tier.drl.xlsx"), "api", "", "Max model p95 (ms)",
                30000);

        RequestFacts code = RequestFacts.builder().taskType("code").complexity("medium").difficulty(0.36).tokens(400)
                .channel("api").requiredConfidence("standard").build();
        String before = primary(PolicyCompiler.compile(List.of(RULES, TABLES)), code);
        String after = primary(PolicyCompiler.compile(List.of(RULES, editedTables)), code);

        assertEquals("claude-sonnet-4", before, "shipped policy: best coder within the API tier's p95 limit");
        assertNotEquals(before, after);
        assertEquals("o3", after, "o3 codes as well (0.93 vs 0.92, within the cost margin) and is cheaper");
    }

    static String primary(KieContainer policy, RequestFacts facts) throws Exception {
        ModelCatalog catalog = defaultCatalog();
        Evaluation e = RuleRunner.run(policy.newKieSession(), facts, catalog.models(), ToolConfig.settings());
        return e.primary().getModelId();
    }

    static ModelCatalog defaultCatalog() throws Exception {
        try (InputStream in = TableEditTest.class.getClassLoader().getResourceAsStream("catalog/models.yaml")) {
            return ModelCatalog.of(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "test");
        }
    }

    /** Sets the cell under {@code label} in the row whose first two condition cells are {@code key1}, {@code key2}. */
    public static void setCell(Path file, String key1, String key2, String label, double value) throws Exception {
        Workbook wb;
        try (InputStream in = Files.newInputStream(file)) {
            wb = WorkbookFactory.create(in);
        }
        Sheet sheet = wb.getSheetAt(0);
        int column = -1;
        for (Row row : sheet) {
            for (Cell cell : row) {
                if (cell.getCellType() == org.apache.poi.ss.usermodel.CellType.STRING
                        && cell.getStringCellValue().equals(label)) {
                    column = cell.getColumnIndex();
                }
            }
            if (column >= 0 && text(row, 1).equals(key1) && text(row, 2).equals(key2)) {
                row.getCell(column).setCellValue(value);
                try (OutputStream out = Files.newOutputStream(file)) {
                    wb.write(out);
                }
                wb.close();
                return;
            }
        }
        throw new IllegalStateException("no row " + key1 + "/" + key2 + " with column " + label);
    }

    private static String text(Row row, int col) {
        Cell c = row.getCell(col);
        return c == null ? "" : c.toString();
    }
}
