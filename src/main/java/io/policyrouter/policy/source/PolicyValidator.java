package io.policyrouter.policy.source;

import io.policyrouter.vocabulary.ComplianceFlags;
import io.policyrouter.vocabulary.DataClass;
import io.policyrouter.vocabulary.TaskType;
import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.catalog.ModelProfile;
import io.policyrouter.catalog.ModelStatus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Checks the decision tables cell by cell before Drools sees them: every value must be one the policy knows (task
 * types, data classes, flags some model has, regions, providers and models of the catalog, numbers in range), every
 * row must be reachable by Drools (no empty row in the middle), every table must be named so Drools loads it.
 * Errors read like "decision-tables/.../compliance.drl.xlsx, sheet Compliance, cell D14: unknown model 'gtp-4o'".
 *
 * Usage: PolicyValidator [--catalog models.yaml] <policy folder>...   (exit 1 on errors)
 */
public final class PolicyValidator {

    /** One finding, with its place: file, sheet and cell (or row). */
    public record Finding(String severity, String file, String sheet, String cell, String message) {
        @Override
        public String toString() {
            String at = cell == null ? "" : cell.startsWith("row ") ? ", " + cell : ", cell " + cell;
            return file + (sheet == null ? "" : ", sheet " + sheet) + at + ": " + message;
        }
    }

    static final Set<String> COMPLEXITY = Set.of("low", "medium", "high");
    static final Set<String> CONFIDENCE = Set.of("low", "standard", "high", "critical");
    static final Set<String> TIERS = Set.of("interactive", "standard", "batch");
    static final Set<String> OVER_COST = Set.of("cheaper", "refuse");
    static final Set<String> YES_NO = Set.of("yes", "no", "y", "n", "true", "false", "x", "1", "0", "ja", "nein",
            "oui", "non", "sí", "si");
    private static final Set<String> TABLE_SUFFIXES = Set.of(".drl.xlsx", ".drl.xls", ".drl.csv");

    private final ModelCatalog catalog;
    private final Set<String> regions = new TreeSet<>();
    private final Set<String> providers = new TreeSet<>();
    private final Set<String> models = new TreeSet<>();
    private final Set<String> heldFlags = new TreeSet<>();
    private final List<Finding> findings = new ArrayList<>();

    public PolicyValidator(ModelCatalog catalog) {
        this.catalog = catalog;
        for (ModelProfile m : catalog.models()) {
            regions.addAll(m.regions());
            providers.add(m.provider());
            models.add(m.id());
            if (m.status() == ModelStatus.ACTIVE) {
                heldFlags.addAll(m.flags());
            }
        }
    }

    public List<Finding> validate(List<Path> roots) throws IOException {
        for (Path root : roots) {
            checkNames(root);
        }
        PolicySources sources = PolicySources.read(roots);
        for (PolicySources.Table t : sources.tables()) {
            checkTable(t);
        }
        return List.copyOf(findings);
    }

    private void checkNames(Path root) throws IOException {
        for (Path p : PolicySources.files(root)) {
            String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
            boolean sheet = name.endsWith(".xlsx") || name.endsWith(".xls") || name.endsWith(".csv")
                    || name.endsWith(".ods");
            if (sheet && TABLE_SUFFIXES.stream().noneMatch(name::endsWith)) {
                error(rel(root, p), null, null, "Drools ignores this file: a decision table must be named *.drl.xlsx");
            }
            if (name.startsWith(".~lock")) {
                warn(rel(root, p), null, null, "a spreadsheet program still has this table open (lock file)");
            }
        }
    }

    private void checkTable(PolicySources.Table t) {
        String pkg = t.properties().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("RuleSet"))
                .map(Map.Entry::getValue).findFirst().orElse("");
        if (!pkg.equals("io.policyrouter.policy")) {
            error(t.file(), t.sheet(), null, "RuleSet must be io.policyrouter.policy, was '" + pkg + "'");
        }
        if (t.notes().isBlank()) {
            warn(t.file(), t.sheet(), null, "no Notes row: say what the table is for");
        }
        for (int row : t.strayRows()) {
            error(t.file(), t.sheet(), "row " + row, "below an empty row: Drools ends the table at the first empty row "
                    + "and ignores this one — delete the empty row above");
        }
        Set<String> labels = new HashSet<>();
        for (PolicySources.Column c : t.columns()) {
            if (!labels.add(c.label())) {
                error(t.file(), t.sheet(), c.letter() + t.headerRow(), "two columns are labelled '" + c.label() + "'");
            }
            if (!Set.of("CONDITION", "ACTION").contains(c.kind())) {
                warn(t.file(), t.sheet(), c.letter() + t.headerRow(), "column kind " + c.kind() + " is not checked");
            }
        }
        for (PolicySources.TableRow row : t.rows()) {
            for (PolicySources.Column c : t.columns()) {
                String value = row.cells().get(c.label());
                String cell = c.letter() + row.row();
                if (value == null) {
                    if (required(c.code())) {
                        error(t.file(), t.sheet(), cell, "'" + c.label() + "' is required in every row");
                    }
                    continue;
                }
                checkCell(c.code(), value, (msg, sev) -> add(sev, t.file(), t.sheet(), cell, msg));
            }
        }
    }

    /** The first action column creates the row's fact and every row must explain itself. */
    static boolean required(String code) {
        return code.contains(".row(") || code.contains("trace.because(");
    }

    void checkCell(String code, String value, BiConsumer<String, String> report) {
        String v = value.trim();
        if (code.contains("taskType ==") || code.contains("Capability.row(")) {
            oneOf(v, names(TaskType.values()), "task type", report);
        } else if (code.contains("complexity ==")) {
            oneOf(v, COMPLEXITY, "complexity band", report);
        } else if (code.contains("requiredConfidence ==")) {
            oneOf(v, CONFIDENCE, "required confidence", report);
        } else if (code.contains("dataClasses contains")) {
            oneOf(v, Arrays.stream(DataClass.values()).map(Enum::name).collect(java.util.stream.Collectors.toSet()),
                    "data class", report);
        } else if (code.contains("dataRegion ==")) {
            oneOf(v, regions, "region", report);
        } else if (code.contains("LatencyTier.row(")) {
            oneOf(v, TIERS, "latency tier", report);
        } else if (code.contains("difficulty") || code.contains("setMinScore") || code.contains("ConfidenceFloor.row(")
                || code.contains("setFallbackMin")) {
            number(v, 0, 1, report);
        } else if (code.contains("latencyBudgetMs") || code.contains("setMaxP95Ms") || code.contains("setTimeoutMs")) {
            number(v, 1, 86_400_000, report);
            if (!v.matches("\\d+")) {
                report.accept("'" + v + "' must be a whole number of milliseconds", "error");
            }
        } else if (code.contains("setMaxCostUsd")) {
            number(v, 0.000001, 1000, report);
        } else if (code.contains("setOverCost")) {
            oneOf(v.toLowerCase(Locale.ROOT), OVER_COST, "over-the-cap action", report);
        } else if (code.contains("setCascadeAllowed") || code.contains("setCostMayLead")) {
            oneOf(v.toLowerCase(Locale.ROOT), YES_NO, "yes/no value", report);
        } else if (code.contains("Constraint.requireFlags(")) {
            Set<String> flags = csv(v);
            for (String f : flags) {
                if (!ComplianceFlags.KNOWN.contains(f)) {
                    oneOf(f, ComplianceFlags.KNOWN, "flag", report);
                } else if (!heldFlags.contains(f)) {
                    report.accept("no active model of the catalog has flag '" + f + "': every such request would be "
                            + "refused", "error");
                }
            }
            if (heldFlags.containsAll(flags) && catalog.models().stream().noneMatch(m ->
                    m.status() == ModelStatus.ACTIVE && m.flags().containsAll(flags))) {
                report.accept("no active model has all of " + flags + ": every such request would be refused", "error");
            }
        } else if (code.contains("Constraint.allowedRegions(")) {
            csv(v).forEach(r -> oneOf(r, regions, "region", report));
        } else if (code.contains("Constraint.allowedProviders(") || code.contains("Constraint.excludedProviders(")) {
            csv(v).forEach(p -> oneOf(p, providers, "provider", report));
        } else if (code.contains("Constraint.excludedModels(")) {
            csv(v).forEach(m -> oneOf(m, models, "model", report));
        } else if (code.contains("tenant ==") || code.contains("channel ==") || code.contains("userTier ==")) {
            if (!v.equals(v.toLowerCase(Locale.ROOT))) {
                report.accept("'" + v + "' has capitals: values are compared exactly and callers send lower case",
                        "warning");
            }
        }
        if (v.contains("\"")) {
            report.accept("double quotes are not allowed in a cell", "error");
        }
    }

    private static void oneOf(String v, Set<String> allowed, String what, BiConsumer<String, String> report) {
        if (!allowed.contains(v)) {
            String hint = closest(v, allowed);
            report.accept("unknown " + what + " '" + v + "'" + (hint == null ? "" : " — did you mean '" + hint + "'?")
                    + " (known: " + String.join(", ", new TreeSet<>(allowed)) + ")", "error");
        }
    }

    private static void number(String v, double min, double max, BiConsumer<String, String> report) {
        try {
            double d = Double.parseDouble(v);
            if (d < min || d > max) {
                report.accept("'" + v + "' is outside " + fmt(min) + ".." + fmt(max), "error");
            }
        } catch (NumberFormatException e) {
            report.accept("'" + v + "' is not a number" + (v.contains(",") ? " (use a dot as decimal separator)" : ""),
                    "error");
        }
    }

    static Set<String> csv(String v) {
        Set<String> out = new TreeSet<>();
        for (String s : v.split("[,;]")) {
            if (!s.isBlank()) {
                out.add(s.trim().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** The known value within edit distance 2 (a swapped pair of letters counts 2), to suggest for a typo. */
    static String closest(String v, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(v.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static Set<String> names(TaskType[] values) {
        Set<String> out = new TreeSet<>();
        for (TaskType t : values) {
            out.add(t.wire());
        }
        return out;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static String rel(Path root, Path p) {
        return (root.getFileName() + "/" + root.relativize(p)).replace('\\', '/');
    }

    private void add(String severity, String file, String sheet, String cell, String message) {
        findings.add(new Finding(severity, file, sheet, cell, message));
    }

    private void error(String file, String sheet, String cell, String message) {
        add("error", file, sheet, cell, message);
    }

    private void warn(String file, String sheet, String cell, String message) {
        add("warning", file, sheet, cell, message);
    }
}
