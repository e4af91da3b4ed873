package io.policyrouter.tools.policy;

import io.policyrouter.tools.ToolConfig;
import io.policyrouter.policy.source.PolicySources;
import io.policyrouter.policy.source.PolicyValidator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.policyrouter.tools.policy.PolicyTables.DIR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Analysts save tables from real spreadsheet programs: every table is opened and re-saved as .xlsx by LibreOffice
 * (headless; .ci/run installs it), then the re-saved tables must validate, index to the same rows and cells, compile,
 * and give the same decision for every scenario. Skip only with -Dpolicy.skipLibreOffice=true.
 */
class LibreOfficeRoundTripTest {

    @Test
    void tablesResavedByLibreOfficeGiveTheSameDecisions(@TempDir Path tmp) throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("policy.skipLibreOffice"), "skipped on request");
        Path resaved = tmp.resolve("decision-tables");
        Files.createDirectories(resaved.resolve(DIR));
        List<String> command = new ArrayList<>(List.of(soffice(), "--headless", "--norestore",
                "-env:UserInstallation=" + tmp.resolve("lo-profile").toUri(),
                "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", resaved.resolve(DIR).toString()));
        List<Path> originals;
        try (var files = Files.list(PolicyTables.TABLES.resolve(DIR))) {
            originals = files.filter(p -> p.toString().endsWith(".drl.xlsx")).sorted().toList();
        }
        originals.forEach(p -> command.add(p.toAbsolutePath().toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "LibreOffice failed: " + log);
        for (Path original : originals) {
            Path copy = resaved.resolve(DIR).resolve(original.getFileName());
            assertTrue(Files.exists(copy), "not re-saved: " + copy + "\n" + log);
            assertTrue(!Files.readString(copy, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .equals(Files.readString(original, java.nio.charset.StandardCharsets.ISO_8859_1)), "file not rewritten");
        }

        List<String> errors = new PolicyValidator(ToolConfig.catalog()).validate(List.of(PolicyTables.RULES, resaved))
                .stream().filter(f -> f.severity().equals("error")).map(Object::toString).toList();
        assertEquals(List.of(), errors);

        PolicySources before = PolicySources.read(List.of(PolicyTables.TABLES));
        PolicySources after = PolicySources.read(List.of(resaved));
        assertEquals(before.tables().size(), after.tables().size());
        for (int i = 0; i < before.tables().size(); i++) {
            assertEquals(before.tables().get(i).rows(), after.tables().get(i).rows(),
                    "rows and cells of " + before.tables().get(i).file());
            assertEquals(before.tables().get(i).notes(), after.tables().get(i).notes());
        }

        Workbench bench = new Workbench(ToolConfig.catalog(), ToolConfig.settings());
        Workbench.Policy shipped = bench.load(List.of(PolicyTables.RULES, PolicyTables.TABLES));
        Workbench.Policy roundTripped = bench.load(List.of(PolicyTables.RULES, resaved));
        List<Scenario> scenarios = Scenario.load(Path.of("src/test/resources/scenarios"));
        for (Scenario s : scenarios) {
            assertEquals(PolicyDiff.outcome(bench.evaluate(shipped, s.facts())),
                    PolicyDiff.outcome(bench.evaluate(roundTripped, s.facts())), s.note());
            assertEquals(bench.evaluate(shipped, s.facts()).firedRules().keySet(),
                    bench.evaluate(roundTripped, s.facts()).firedRules().keySet(), s.note());
        }
    }

    static String soffice() {
        for (String candidate : List.of("soffice", "libreoffice")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (Files.isExecutable(Path.of(dir, candidate))) {
                    return Path.of(dir, candidate).toString();
                }
            }
        }
        throw new AssertionError("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui "
                + "(.ci/run does), or skip with -Dpolicy.skipLibreOffice=true");
    }
}
