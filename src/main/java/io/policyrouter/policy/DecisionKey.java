package io.policyrouter.policy;

import io.policyrouter.catalog.ModelProfile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The decision cache's key: the policy version and every fact a rule reads, with each number replaced by where it
 * falls among the thresholds the policy compares it with. Two requests with the same key fire the same rules in the
 * same order and get the same primary and chain; only their own numbers (cost, size) differ, and the assembler fills
 * those in. Derived from the compiled policy, never hand-kept:
 * <ul>
 * <li>table conditions of the form {@code fact op $param} on a number contribute their cells as thresholds; any
 * other condition on a number (an expression, a method call) makes that fact part of the key exactly;</li>
 * <li>the rules' own comparisons: task confidence against {@code uncertain-confidence}, and the request's size
 * (input + output tokens) against every catalog context window;</li>
 * <li>ranking by cost depends on the prices' order for this request's token counts: the key holds that order;</li>
 * <li>facts a caller may fill with any text: the tenant, the channel and the user tier, when the tables only compare
 * them with their cells ({@code tenant == "$param"}), are keyed as themselves if a cell names them and as "any other"
 * if none does (a reason that shows them writes a placeholder, {@code {channel}}); tags, which no table reads, are not
 * in the key. A platform with thousands of tenants then shares the runs of the tenants no row names instead of
 * missing on each ({@code DecisionKeyRulesTest} fails if a DRL rule starts reading any of them);</li>
 * <li>the previous model, which the rules only look up among the candidates: one the catalog lacks is "any other"
 * ({@code DecisionKeyRulesTest} lists the rules that may read it).</li>
 * </ul>
 * The other text and set facts (task type, data classes, region, pin, …) are part of the key as they are.
 * {@code DecisionCacheTest} checks the claim: cached and fresh decisions agree on every field for random facts.
 */
record DecisionKey(String version, String taskType, long confidence, String complexity, long difficulty,
                   Set<String> dataClasses, boolean followUp, String tenant, String userTier, String channel,
                   long budget, String requiredConfidence, String dataRegion, String previousModel, String pin,
                   Set<String> tags, long tokens, long outputTokens, long contextNeed, String costOrder) {

    /** The numeric facts the rules and tables may compare, by their name in RequestFacts. */
    static final Set<String> NUMBERS = Set.of("taskConfidence", "difficulty", "latencyBudgetMs", "tokens",
            "expectedOutputTokens");
    /** Caller-chosen text facts keyed by what the tables compare them with; no DRL rule may read them. */
    static final Set<String> CALLER_TEXT = Set.of("tenant", "channel", "userTier", "tags");
    /** Those a table may compare with its cells ({@code fact == "$param"}). */
    static final List<String> FOLDED = List.of("tenant", "channel", "userTier");
    /** The key of a value no table cell names (null included): every such value fires the same rows. */
    static final String OTHER = "\u0000other";

    /** How each number of a request is turned into its key component, for one policy. */
    static final class Scheme {
        private static final Pattern COMPARISON =
                Pattern.compile("\\s*(\\w+)\\s*(==|!=|<=|>=|<|>)\\s*\"?\\$param\"?\\s*");

        private final Map<String, double[]> cuts;
        private final double[] contextWindows;
        private final List<ModelProfile> models;
        private final double[] costCaps;
        /** Per folded fact, the values table cells name; absent: keyed exactly (a condition the scheme cannot read). */
        private final Map<String, Set<String>> named;
        private final boolean tagsRead;
        private final Set<String> modelIds;

        private Scheme(Map<String, double[]> cuts, double[] contextWindows, List<ModelProfile> models,
                       double[] costCaps, Map<String, Set<String>> named, boolean tagsRead) {
            this.cuts = cuts;
            this.contextWindows = contextWindows;
            this.models = List.copyOf(models);
            this.costCaps = costCaps;
            this.named = Map.copyOf(named);
            this.tagsRead = tagsRead;
            this.modelIds = models.stream().map(ModelProfile::id)
                    .collect(java.util.stream.Collectors.toUnmodifiableSet());
        }

        static Scheme of(PolicyIndex index, PolicySettings settings, List<ModelProfile> models) {
            Map<String, TreeSet<Double>> found = new HashMap<>();
            Set<String> exact = new TreeSet<>();
            Map<String, Set<String>> named = new HashMap<>();
            FOLDED.forEach(fact -> named.put(fact, new TreeSet<>()));
            Set<String> textExact = new TreeSet<>();
            boolean tagsRead = false;
            NUMBERS.forEach(n -> found.put(n, new TreeSet<>()));
            found.get("taskConfidence").add(settings.getUncertainConfidence());
            for (PolicyIndex.TableInfo t : index.tables()) {
                for (PolicyIndex.Column c : t.columnDefs()) {
                    if (!"CONDITION".equals(c.kind())) {
                        continue;
                    }
                    Matcher m = COMPARISON.matcher(c.code());
                    tagsRead |= Pattern.compile("\\btags\\b").matcher(c.code()).find();
                    for (String fact : FOLDED) {
                        if (!Pattern.compile("\\b" + fact + "\\b").matcher(c.code()).find()) {
                            continue;
                        }
                        if (m.matches() && m.group(1).equals(fact)
                                && (m.group(2).equals("==") || m.group(2).equals("!="))) {
                            t.rows().stream().map(row -> row.cells().get(c.label()))
                                    .filter(cell -> cell != null && !cell.isBlank()).forEach(cell -> {
                                        named.get(fact).add(cell); // as the cell reads and trimmed: keying more
                                        named.get(fact).add(cell.trim()); // exactly than the rule compares is safe
                                    });
                        } else {
                            textExact.add(fact);
                        }
                    }
                    if (m.matches() && NUMBERS.contains(m.group(1))) {
                        for (PolicyIndex.RuleSource row : t.rows()) {
                            String cell = row.cells().get(c.label());
                            if (cell != null && !cell.isBlank()) {
                                try {
                                    found.get(m.group(1)).add(Double.parseDouble(cell.trim()));
                                } catch (NumberFormatException notANumber) {
                                    exact.add(m.group(1)); // the validator reports it; never guess here
                                }
                            }
                        }
                    } else {
                        for (String n : NUMBERS) {
                            if (Pattern.compile("\\b" + n + "\\b").matcher(c.code()).find()) {
                                exact.add(n);
                            }
                        }
                    }
                }
            }
            Map<String, double[]> cuts = new HashMap<>();
            for (String n : NUMBERS) {
                cuts.put(n, exact.contains(n) ? null : found.get(n).stream().mapToDouble(Double::doubleValue).toArray());
            }
            double[] windows = models.stream().mapToDouble(ModelProfile::contextWindow).distinct().sorted().toArray();
            // cost caps (a latency row's action): which models a request's size puts over each cap is part of the key
            TreeSet<Double> caps = new TreeSet<>();
            for (PolicyIndex.TableInfo t : index.tables()) {
                for (PolicyIndex.Column c : t.columnDefs()) {
                    if ("ACTION".equals(c.kind()) && c.code().contains("setMaxCostUsd")) {
                        for (PolicyIndex.RuleSource row : t.rows()) {
                            String cell = row.cells().get(c.label());
                            try {
                                if (cell != null && !cell.isBlank()) {
                                    caps.add(Constraint.microUsd(Double.parseDouble(cell.trim())) / 1_000_000.0);
                                }
                            } catch (NumberFormatException notANumber) {
                                // the validator reports it; such a row cannot compile
                            }
                        }
                    }
                }
            }
            return new Scheme(cuts, windows, models, caps.stream().mapToDouble(Double::doubleValue).toArray(),
                    named.entrySet().stream().filter(e -> !textExact.contains(e.getKey()))
                            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                    tagsRead);
        }

        DecisionKey key(String version, RequestFacts f) {
            long need = Placeholders.contextNeed(f);
            return new DecisionKey(version, f.getTaskType(), bucket("taskConfidence", f.getTaskConfidence()),
                    f.getComplexity(), bucket("difficulty", f.getDifficulty()), f.getDataClasses(), f.isFollowUp(),
                    folded("tenant", f.getTenant()), folded("userTier", f.getUserTier()),
                    folded("channel", f.getChannel()),
                    bucket("latencyBudgetMs", f.getLatencyBudgetMs()), f.getRequiredConfidence(), f.getDataRegion(),
                    previousModel(f.getPreviousModel()), f.getPin(), tagsRead ? f.getTags() : Set.of(),
                    bucket("tokens", f.getTokens()), bucket("expectedOutputTokens", f.getExpectedOutputTokens()),
                    bucket(contextWindows, need), costOrder(f));
        }

        /** The rules only look a previous model up among the candidates: one the catalog lacks matches none. */
        private String previousModel(String id) {
            return id == null || modelIds.contains(id) ? id : OTHER;
        }

        private String folded(String fact, String value) {
            Set<String> values = named.get(fact);
            return values == null || value != null && values.contains(value) ? value : OTHER;
        }

        private long bucket(String fact, double value) {
            double[] c = cuts.get(fact);
            return c == null ? Double.doubleToLongBits(value) : bucket(c, value);
        }

        /** 2 × (thresholds below the value) + 1 if the value is a threshold: exact for every comparison operator. */
        private static long bucket(double[] cuts, double value) {
            int i = Arrays.binarySearch(cuts, value);
            return i >= 0 ? 2L * i + 1 : 2L * (-i - 1);
        }

        /**
         * The catalog's models ordered by this request's cost (ties in id order, as {@link Ranking} breaks them), with
         * equal neighbours marked: whichever ranking a rule applies, it sees the same order.
         */
        private String costOrder(RequestFacts f) {
            int n = models.size();
            double[] cost = new double[n];
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                cost[i] = models.get(i).estimateCost(f.getTokens(), f.getExpectedOutputTokens());
                order[i] = i;
            }
            Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> cost[i])
                    .thenComparing(i -> models.get(i).id()));
            StringBuilder sb = new StringBuilder(2 * n);
            for (int k = 0; k < n; k++) {
                if (k > 0) {
                    sb.append(Math.abs(cost[order[k]] - cost[order[k - 1]]) <= 1e-12 ? '=' : '<');
                }
                sb.append((char) ('A' + order[k]));
            }
            for (double cap : costCaps) { // the same comparison the cost-cap rules make
                sb.append('|');
                for (int i = 0; i < n; i++) {
                    sb.append(cost[i] > cap ? '1' : '0');
                }
            }
            return sb.toString();
        }

        /** The thresholds found per number (null: keyed exactly), for the architecture doc and tests. */
        Map<String, double[]> cuts() {
            return cuts;
        }
    }

    static List<String> describe(Scheme s) {
        List<String> out = new ArrayList<>();
        s.cuts().forEach((k, v) -> out.add(k + (v == null ? " exact" : " " + Arrays.toString(v))));
        return out;
    }
}
