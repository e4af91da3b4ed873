package io.policyrouter.tools.annotator;

import io.policyrouter.tools.ToolConfig;
import io.policyrouter.policy.source.PolicySources;
import io.policyrouter.tools.policy.Workbench;
import io.policyrouter.vocabulary.Annotations;
import io.policyrouter.annotate.Annotator;
import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.policy.Evaluation;
import io.policyrouter.policy.PolicySettings;
import io.policyrouter.policy.RequestFacts;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replays the routing-outcome rows through the whole policy — the shipped rules and decision tables — with a
 * two-model catalog (a strong and a cheaper weak model, both allowed everything), to show that the tables' difficulty
 * bands reproduce the threshold router's curve. The threshold is the "Difficulty below" cell of the confidence
 * floor's cost-leads row for standard requests, swept the way an analyst would edit it; every variant is compiled
 * exactly like the shipped tables.
 */
public final class PolicyReplay {

    static final String CATALOG = """
            models:
              - id: strong
                provider: strongco
                regions: [eu, us, apac]
                context_window: 1000000
                cost: {input_per_1m: 10.0, output_per_1m: 30.0}
                latency_ms: {p50: 500, p95: 1000}
                scores: {code: 0.95, math: 0.95, reasoning: 0.95, summarization: 0.95, translation: 0.95,
                         extraction: 0.95, classification: 0.95, creative: 0.95, factual_qa: 0.95, open_qa: 0.95,
                         brainstorming: 0.95, roleplay: 0.95, other: 0.95}
                flags: {pii_allowed: true, hipaa_eligible: true, pci_eligible: true, zero_data_retention: true, self_hosted: true}
              - id: weak
                provider: weakco
                regions: [eu, us, apac]
                context_window: 1000000
                cost: {input_per_1m: 0.5, output_per_1m: 1.5}
                latency_ms: {p50: 300, p95: 800}
                scores: {code: 0.80, math: 0.80, reasoning: 0.80, summarization: 0.80, translation: 0.80,
                         extraction: 0.80, classification: 0.80, creative: 0.80, factual_qa: 0.80, open_qa: 0.80,
                         brainstorming: 0.80, roleplay: 0.80, other: 0.80}
                flags: {pii_allowed: true, hipaa_eligible: true, pci_eligible: true, zero_data_retention: true, self_hosted: true}
            """;
    static final String FLOOR = "decision-tables/io/policyrouter/policy/confidence-floor.drl.xlsx";
    static final double[] STRONG_SHARES = {0.1, 0.3, 0.5, 0.7, 0.9};


    private PolicyReplay() {
    }

    /** A Markdown section: per benchmark, threshold router vs the policy replay at the same thresholds. */
    public static String markdown(List<TrainDifficulty.Row> rows, double[] heldOut, Map<String, List<Integer>> sets)
            throws Exception {
        ModelCatalog catalog = ModelCatalog.of(CATALOG, "two-model replay catalog");
        Workbench bench = new Workbench(catalog, ToolConfig.settings());
        PolicySettings d = ToolConfig.settings();
        // The same policy without the "uncertain task type errs toward capability" rule: isolates the tables' bands.
        Workbench certain = new Workbench(catalog, new PolicySettings(d.getCostMargin(), d.getMaxFallbacks(), 0.0,
                d.getUncertainMinScore(), d.getDefaultMinScore(), d.getDefaultTier(), d.getDefaultTierMaxP95Ms(),
                d.getDefaultTierTimeoutMs()));
        Annotator annotator = new Annotator();
        List<RequestFacts> facts = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Annotations a = annotator.annotate(rows.get(i).prompt());
            facts.add(RequestFacts.builder().taskType(a.task().type().wire()).taskConfidence(a.task().confidence())
                    .complexity(a.complexity().band().wire()).difficulty(heldOut[i]).tokens(a.tokens())
                    .dataClasses(a.dataClasses().keySet().stream().map(Enum::name).collect(java.util.stream.Collectors.toSet()))
                    .channel("api").requiredConfidence("standard").build());
        }
        double[] sorted = heldOut.clone();
        Arrays.sort(sorted);
        StringBuilder md = new StringBuilder("## The same, through the whole policy\n\n");
        md.append("""
                Every row above, annotated as a request (task type, complexity, data classes from the annotator; \
                difficulty = the held-out score), routed by the shipped rules and decision tables with a two-model \
                catalog: `strong` (0.95 on every task) and `weak` (0.80, twenty times cheaper). Requests are `api` \
                calls with standard confidence. The analyst's knob is the *Difficulty below* cell of the \
                confidence-floor row that lets the cheapest adequate model answer standard requests (shipped: 0.33); \
                each threshold below is that cell edited and the tables recompiled. Two rules send requests to the \
                strong model whatever the threshold: capability rows that ask more than the weak model has (code or \
                math the score marks hard, high complexity), and "an uncertain task type errs toward capability" \
                (task-type confidence below 0.45; many MMLU questions). *Replay* is the shipped policy; *tables \
                only* is the same replay with the uncertainty rule switched off, to show the tables' bands alone.

                | threshold | rows | threshold router: strong calls | quality | replay: strong calls | quality | PGR | tables only: strong calls | quality | PGR |
                |---|---|---|---|---|---|---|---|---|---|
                """);
        List<Double> thresholds = new ArrayList<>();
        for (double share : STRONG_SHARES) {
            thresholds.add(sorted[(int) Math.min(sorted.length - 1, Math.round((1 - share) * sorted.length))]);
        }
        double shipped = shippedThreshold();
        thresholds.add(shipped);
        for (double t : thresholds) {
            Workbench.Policy policy = bench.load(variant(t));
            boolean[] strong = strong(bench, policy, facts);
            boolean[] strongCertain = strong(certain, policy, facts);
            for (Map.Entry<String, List<Integer>> set : sets.entrySet()) {
                int n = set.getValue().size();
                int thresholdStrong = 0;
                double thresholdQ = 0;
                int replayStrong = 0;
                double replayQ = 0;
                int certainStrong = 0;
                double certainQ = 0;
                double qStrong = 0;
                double qWeak = 0;
                for (int i : set.getValue()) {
                    TrainDifficulty.Row r = rows.get(i);
                    boolean byThreshold = heldOut[i] >= t;
                    thresholdStrong += byThreshold ? 1 : 0;
                    thresholdQ += byThreshold ? r.strong() : r.weak();
                    replayStrong += strong[i] ? 1 : 0;
                    replayQ += strong[i] ? r.strong() : r.weak();
                    certainStrong += strongCertain[i] ? 1 : 0;
                    certainQ += strongCertain[i] ? r.strong() : r.weak();
                    qStrong += r.strong();
                    qWeak += r.weak();
                }
                md.append(String.format(Locale.ROOT, "| %.3f%s | %s | %.1f %% | %.3f | %.1f %% | %.3f | %.2f | %.1f %% | %.3f "
                                + "| %.2f |%n", t, t == shipped ? " (shipped)" : "", set.getKey(),
                        100.0 * thresholdStrong / n, thresholdQ / n, 100.0 * replayStrong / n, replayQ / n,
                        pgr(replayQ, qStrong, qWeak), 100.0 * certainStrong / n, certainQ / n,
                        pgr(certainQ, qStrong, qWeak)));
            }
        }
        return md.append('\n').toString();
    }

    /** The "Difficulty below" cell of the shipped cost-leads row for standard requests. */
    static double shippedThreshold() throws IOException {
        for (PolicySources.Table t : PolicySources.read(List.of(Path.of("decision-tables"))).tables()) {
            for (PolicySources.TableRow r : t.rows()) {
                if ("standard".equals(r.cells().get("Required confidence")) && r.cells().containsKey("Difficulty below")) {
                    return Double.parseDouble(r.cells().get("Difficulty below"));
                }
            }
        }
        throw new IllegalStateException("no standard-confidence row with a 'Difficulty below' cell in the tables");
    }

    private static double pgr(double q, double qStrong, double qWeak) {
        return qStrong == qWeak ? Double.NaN : (q - qWeak) / (qStrong - qWeak);
    }

    private static boolean[] strong(Workbench bench, Workbench.Policy policy, List<RequestFacts> facts) {
        boolean[] strong = new boolean[facts.size()];
        for (int i = 0; i < facts.size(); i++) {
            Evaluation e = bench.evaluate(policy, facts.get(i));
            strong[i] = e.primary() != null && e.primary().getModelId().equals("strong");
        }
        return strong;
    }

    /** The shipped policy with the cost-leads threshold of standard requests set to {@code t}. */
    static List<Path> variant(double t) throws IOException {
        Path dir = Files.createTempDirectory("policy-replay-");
        Workbench.copyTree(Path.of("decision-tables"), dir.resolve("decision-tables"));
        Path floor = dir.resolve(FLOOR);
        Workbook wb;
        try (InputStream in = Files.newInputStream(floor)) {
            wb = WorkbookFactory.create(in);
        }
        Sheet sheet = wb.getSheetAt(0);
        int below = column(sheet, "Difficulty below");
        int atLeast = column(sheet, "Difficulty at least");
        for (Row r : sheet) {
            if (text(r, 1).equals("standard")) {
                Cell lo = r.getCell(below);
                if (lo != null && !text(r, below).isEmpty()) {
                    lo.setCellValue(t);
                }
                Cell hi = r.getCell(atLeast);
                if (hi != null && !text(r, atLeast).isEmpty() && hi.getNumericCellValue() < t) {
                    hi.setCellValue(t); // the "likely hard" band starts no lower than the cheap band ends
                }
            }
        }
        try (OutputStream out = Files.newOutputStream(floor)) {
            wb.write(out);
        }
        wb.close();
        return List.of(Path.of("rules"), dir.resolve("decision-tables"));
    }

    private static int column(Sheet sheet, String label) {
        for (Row r : sheet) {
            for (Cell c : r) {
                if (c.getCellType() == CellType.STRING && c.getStringCellValue().equals(label)) {
                    return c.getColumnIndex();
                }
            }
        }
        throw new IllegalStateException("no column " + label + " in " + FLOOR);
    }

    private static String text(Row r, int col) {
        Cell c = r.getCell(col);
        return c == null ? "" : c.toString().trim();
    }
}
