package io.policyrouter.tools.policy;

import io.policyrouter.tools.ToolConfig;
import io.policyrouter.policy.source.PolicySources;
import io.policyrouter.policy.Candidate;
import io.policyrouter.policy.Evaluation;
import io.policyrouter.policy.RequestFacts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrouter.policy.FactsCodec;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The gate before shipping a policy change: runs the scenario corpus (and optionally recorded requests) through
 * the base and the changed policy and lists every request whose model or chain changed, with the rows responsible
 * and the predicted cost delta.
 *
 * Usage: PolicyDiff [--base GIT_REF | --base-dir DIR] [--changed-dir DIR | --candidate] [--requests file.jsonl]
 *                   [--store JDBC_URL [--store-user U] [--since PT24H] [--limit 5000]]
 *                   [--scenarios dir] [--catalog models.yaml] [--out target/policy-diff.md]
 * Defaults: base = HEAD (the committed policy), changed = the working tree (rules/ and decision-tables/).
 * {@code --candidate}: base = the working tree's active policy, changed = the candidate (the active policy with the
 * files of rules/candidate/ and decision-tables/candidate/ in place), as the build stages it for shadow mode.
 * {@code --store}: also replays the facts of the decisions recorded in the decision store (PostgreSQL or the embedded
 * file, e.g. jdbc:h2:file:data/policy-router) over the window — real traffic, masked as recorded. The password comes
 * from the environment variable POLICY_ROUTER_STORE_PASSWORD, never from the command line.
 */
public final class PolicyDiff {

    /** One request of the corpus whose outcome differs. */
    public record Change(String request, String before, String after, Set<String> rows, double costDelta) {
    }

    public record Result(int requests, List<Change> changes, List<String> editedRows, double totalCostDelta) {
    }

    public static void main(String[] args) throws Exception {
        String baseRef = "HEAD";
        Path baseDir = null;
        Path changedDir = Path.of(".");
        Path requests = null;
        Path scenarios = Path.of("src/test/resources/scenarios");
        Path catalogFile = null; // null: the configured catalog (router.catalog.file), as the service loads it
        Path out = Path.of("target/policy-diff.md");
        boolean candidate = false;
        String store = null;
        String storeUser = null;
        Duration since = Duration.ofHours(24);
        int limit = 5000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--base" -> baseRef = args[++i];
                case "--base-dir" -> baseDir = Path.of(args[++i]);
                case "--changed-dir" -> changedDir = Path.of(args[++i]);
                case "--requests" -> requests = Path.of(args[++i]);
                case "--scenarios" -> scenarios = Path.of(args[++i]);
                case "--catalog" -> catalogFile = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--candidate" -> candidate = true;
                case "--store" -> store = args[++i];
                case "--store-user" -> storeUser = args[++i];
                case "--since" -> since = Duration.parse(args[++i]);
                case "--limit" -> limit = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        String baseName;
        if (candidate) {
            baseDir = Path.of(".");
            changedDir = Files.createTempDirectory("policy-candidate-");
            if (StageCandidatePolicy.merge(roots(baseDir), changedDir).isEmpty()) {
                System.out.println("no candidate policy: rules/candidate/ and decision-tables/candidate/ are empty");
                return;
            }
            baseName = "active policy";
        } else {
            if (baseDir == null) {
                baseDir = checkout(baseRef);
            }
            baseName = baseDir.equals(Path.of(".")) ? "working tree" : "base " + baseRef;
        }
        Map<String, RequestFacts> recorded = store == null ? Map.of()
                : recorded(store, storeUser, System.getenv("POLICY_ROUTER_STORE_PASSWORD"), since, limit);
        Workbench bench = new Workbench(Workbench.catalog(catalogFile), ToolConfig.settings());
        Result r = diff(bench, roots(baseDir), roots(changedDir), Scenario.load(scenarios),
                requests == null ? List.of() : Files.readAllLines(requests), recorded);
        String md = markdown(r, candidate ? baseName + " vs the candidate" : baseName + " vs the changed policy");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md);
        System.out.println(md);
    }

    static List<Path> roots(Path dir) {
        return List.of(dir.resolve("rules"), dir.resolve("decision-tables"));
    }

    /** The committed policy of a git revision, extracted to a temporary folder. */
    static Path checkout(String ref) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("policy-base-");
        Process p = new ProcessBuilder("sh", "-c", "git archive \"$0\" rules decision-tables | tar -x -C \"$1\"",
                ref, dir.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("cannot read the policy of git revision " + ref);
        }
        return dir;
    }

    /**
     * The facts of the decisions recorded in the store over the window, newest first: the requests the diff replays
     * as "decision &lt;id&gt;". Facts are stored masked (types and counts), which is all the policy reads.
     */
    static Map<String, RequestFacts> recorded(String url, String user, String password, Duration since, int limit)
            throws SQLException, IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, RequestFacts> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url, user, password);
             PreparedStatement p = c.prepareStatement("SELECT decision_id, facts FROM decisions WHERE at_ms >= ? "
                     + "ORDER BY at_ms DESC")) {
            p.setLong(1, System.currentTimeMillis() - since.toMillis());
            p.setMaxRows(limit);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.put("decision " + r.getString(1), FactsCodec.fromJson(json.readTree(r.getString(2))));
                }
            }
        }
        return out;
    }

    public static Result diff(Workbench bench, List<Path> base, List<Path> changed, List<Scenario> scenarios,
                              List<String> requestLines) throws Exception {
        return diff(bench, base, changed, scenarios, requestLines, Map.of());
    }

    public static Result diff(Workbench bench, List<Path> base, List<Path> changed, List<Scenario> scenarios,
                              List<String> requestLines, Map<String, RequestFacts> recorded) throws Exception {
        Workbench.Policy before = bench.load(base);
        Workbench.Policy after = bench.load(changed);
        Map<String, String> beforeRows = rowCells(before.sources());
        Map<String, String> afterRows = rowCells(after.sources());
        Set<String> edited = new TreeSet<>();
        for (String rule : union(beforeRows.keySet(), afterRows.keySet())) {
            if (!String.valueOf(beforeRows.get(rule)).equals(String.valueOf(afterRows.get(rule)))) {
                edited.add(rule);
            }
        }
        Map<String, RequestFacts> corpus = new LinkedHashMap<>();
        scenarios.forEach(s -> corpus.put("scenario " + s.file() + ": " + s.note(), s.facts()));
        int n = 0;
        for (String line : requestLines) {
            n++;
            if (!line.isBlank()) {
                corpus.put("request line " + n, bench.request(line).facts());
            }
        }
        corpus.putAll(recorded);
        List<Change> changes = new ArrayList<>();
        double total = 0;
        for (Map.Entry<String, RequestFacts> e : corpus.entrySet()) {
            Evaluation b = bench.evaluate(before, e.getValue());
            Evaluation a = bench.evaluate(after, e.getValue());
            String sb = outcome(b);
            String sa = outcome(a);
            if (!sb.equals(sa)) {
                Set<String> rows = new TreeSet<>();
                for (String rule : union(b.firedRules().keySet(), a.firedRules().keySet())) {
                    boolean firedInBoth = b.firedRules().containsKey(rule) && a.firedRules().containsKey(rule);
                    if (!firedInBoth || edited.contains(rule)) {
                        rows.add(describe(rule, firedInBoth ? after : a.firedRules().containsKey(rule) ? after : before));
                    }
                }
                double delta = cost(a) - cost(b);
                total += delta;
                changes.add(new Change(e.getKey(), sb, sa, rows, delta));
            }
        }
        List<String> editedRows = edited.stream().map(rule -> describe(rule, afterRows.containsKey(rule) ? after : before)
                + ": " + beforeRows.getOrDefault(rule, "(absent)") + " → " + afterRows.getOrDefault(rule, "(deleted)"))
                .toList();
        return new Result(corpus.size(), changes, editedRows, total);
    }

    static String outcome(Evaluation e) {
        if (e.refusal() != null) {
            return "refused: " + e.refusal().getReason();
        }
        if (e.primary() == null) {
            return "no decision";
        }
        List<String> chain = e.fallbacks() == null ? List.of() : e.fallbacks().getChain().stream().map(Candidate::getId).toList();
        return e.primary().getModelId() + " → " + chain;
    }

    static double cost(Evaluation e) {
        return e.primary() == null ? 0 : e.primary().getCandidate().estimateCost(e.facts().getTokens(),
                e.facts().getExpectedOutputTokens());
    }

    static String markdown(Result r, String baseName) {
        StringBuilder md = new StringBuilder("# Policy diff\n\n");
        md.append(String.format(Locale.ROOT, "%d of %d requests change (%s). Predicted cost "
                + "delta over the corpus: %+.6f USD.%n%n", r.changes().size(), r.requests(), baseName, r.totalCostDelta()));
        md.append("## Edited rows\n\n");
        if (r.editedRows().isEmpty()) {
            md.append("none\n");
        }
        r.editedRows().forEach(row -> md.append("- ").append(row).append('\n'));
        md.append("\n## Changed decisions\n\n");
        if (r.changes().isEmpty()) {
            md.append("none\n");
        }
        for (Change c : r.changes()) {
            md.append("- **").append(c.request()).append("**\n")
                    .append("  - before: ").append(c.before()).append('\n')
                    .append("  - after: ").append(c.after()).append('\n')
                    .append(String.format(Locale.ROOT, "  - cost delta per request: %+.6f USD%n", c.costDelta()))
                    .append("  - rows responsible: ").append(String.join("; ", c.rows())).append('\n');
        }
        return md.toString();
    }

    private static Map<String, String> rowCells(PolicySources sources) {
        Map<String, String> out = new LinkedHashMap<>();
        sources.tables().forEach(t -> t.rows().forEach(r -> out.put(r.rule(), r.cells().toString())));
        return out;
    }

    private static String describe(String rule, Workbench.Policy policy) {
        var s = policy.index().source(rule);
        if (s == null) {
            return rule;
        }
        return s.row() != null ? rule + " (" + s.file() + ", sheet " + s.sheet() + ", row " + s.row() + ")"
                : rule + " (" + s.file() + ")";
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }
}
