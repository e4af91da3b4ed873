package io.policyrouter.tools.policy;

import io.policyrouter.policy.source.PolicySources;
import io.policyrouter.vocabulary.DataClass;
import io.policyrouter.vocabulary.TaskType;
import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.catalog.ModelStatus;
import io.policyrouter.policy.Candidate;
import io.policyrouter.policy.Constraint;
import io.policyrouter.policy.Evaluation;
import io.policyrouter.policy.PolicySettings;
import io.policyrouter.policy.RequestFacts;
import io.policyrouter.policy.RuleRunner;
import org.kie.api.runtime.KieSession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Static check of the whole policy over the fact space the tables reason about.
 *
 * <p>Per first-match table, every combination of its condition values (all vocabulary values, every value the
 * table names, the boundaries of numeric ranges and the values just below them) is matched against the rows as
 * written: a combination no row matches is a gap, a row no combination reaches first is unreachable, rows with
 * identical conditions and different actions conflict. Then the compiled policy is run over every data-class set
 * (none, each class, each pair) x tenant x region x latency row, and over every task x complexity x difficulty x
 * confidence: each run must end in a model or an explicit refusal, and every model of every chain is re-checked in
 * plain Java against every constraint the run produced.
 */
public final class PolicyChecker {

    /** A finding; {@code where} is "file, sheet S, cell C" or "file, sheet S". */
    public record Finding(String severity, String where, String message) {
        @Override
        public String toString() {
            return where + ": " + message;
        }
    }

    public record Report(List<Finding> errors, List<Finding> warnings, Map<String, List<String>> refused,
                         List<String> belowFloor, int evaluations, List<String> notFiredInScenarios) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private static final Pattern CONDITION = Pattern.compile("^\\s*(\\w+)\\s*(==|>=|<=|<|>|contains)\\s*\"?\\$param\"?\\s*$");

    private final Supplier<KieSession> sessions;
    private final PolicySources sources;
    private final ModelCatalog catalog;
    private final PolicySettings settings;
    private final List<Finding> errors = new ArrayList<>();
    private final List<Finding> warnings = new ArrayList<>();
    private final Map<String, List<String>> refused = new TreeMap<>();
    private final Set<String> belowFloor = new LinkedHashSet<>();
    private final Set<String> fired = new TreeSet<>();
    private int evaluations;

    public PolicyChecker(Supplier<KieSession> sessions, PolicySources sources, ModelCatalog catalog,
                         PolicySettings settings) {
        this.sessions = sessions;
        this.sources = sources;
        this.catalog = catalog;
        this.settings = settings;
    }

    /** @param scenarios the scenario corpus, for the "fires in no scenario" list (may be empty) */
    public Report check(List<Scenario> scenarios) {
        for (PolicySources.Table t : sources.tables()) {
            if (t.firstMatch()) {
                checkFirstMatch(t);
            } else {
                checkAllMatch(t);
            }
        }
        runCompliance();
        runCapability();
        Set<String> notFired = new TreeSet<>();
        if (!scenarios.isEmpty()) {
            Set<String> scenarioFired = new TreeSet<>();
            for (Scenario s : scenarios) {
                scenarioFired.addAll(run(s.facts()).firedRules().keySet());
            }
            sources.drlRules().forEach(r -> notFired.add(r.name()));
            sources.tables().forEach(t -> t.rows().forEach(r -> notFired.add(r.rule())));
            notFired.removeAll(scenarioFired);
            for (String rule : notFired) {
                warnings.add(new Finding("warning", where(rule), "fires in no scenario"));
            }
        }
        return new Report(List.copyOf(errors), List.copyOf(warnings), refused, List.copyOf(belowFloor), evaluations,
                List.copyOf(notFired));
    }

    // ------------------------------------------------------------------ tables as written

    private record Cond(String label, String field, String op) {
    }

    private List<Cond> conditions(PolicySources.Table t) {
        List<Cond> out = new ArrayList<>();
        for (PolicySources.Column c : t.columns()) {
            if (c.kind().equals("CONDITION")) {
                Matcher m = CONDITION.matcher(c.code());
                if (m.matches()) {
                    out.add(new Cond(c.label(), m.group(1), m.group(2)));
                } else {
                    warnings.add(new Finding("warning", t.file() + ", sheet " + t.sheet() + ", cell " + c.letter()
                            + (t.headerRow() + 2), "condition code '" + c.code() + "' is not analysed"));
                }
            }
        }
        return out;
    }

    private void checkFirstMatch(PolicySources.Table t) {
        List<Cond> conds = conditions(t);
        // One dimension per fact field: "Budget from" and "Budget below" both read latencyBudgetMs.
        List<String> fields = conds.stream().map(Cond::field).distinct().toList();
        List<List<Object>> domains = new ArrayList<>();
        for (String field : fields) {
            domains.add(domain(field));
        }
        // identical conditions, different actions: the later row can never fire and contradicts the earlier one
        for (int i = 0; i < t.rows().size(); i++) {
            for (int j = i + 1; j < t.rows().size(); j++) {
                PolicySources.TableRow a = t.rows().get(i);
                PolicySources.TableRow b = t.rows().get(j);
                if (conditionCells(t, a).equals(conditionCells(t, b)) && !actionCells(t, a).equals(actionCells(t, b))) {
                    errors.add(new Finding("error", cell(t, b), "conflicts with row " + a.row()
                            + ": same conditions " + describe(conditionCells(t, a)) + ", different actions; row "
                            + a.row() + " always wins"));
                }
            }
        }
        Map<String, Integer> firstHits = new LinkedHashMap<>();
        t.rows().forEach(r -> firstHits.put(r.rule(), 0));
        Map<String, String> shadowedBy = new LinkedHashMap<>();
        Set<String> gaps = new LinkedHashSet<>();
        for (List<Object> values : product(domains)) {
            Map<String, Object> point = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                point.put(fields.get(i), values.get(i));
            }
            PolicySources.TableRow first = null;
            for (PolicySources.TableRow r : t.rows()) {
                if (matches(conds, r, point)) {
                    if (first == null) {
                        first = r;
                        firstHits.merge(r.rule(), 1, Integer::sum);
                    } else if (!actionCells(t, first).equals(actionCells(t, r))) {
                        shadowedBy.putIfAbsent(r.rule(), "row " + first.row() + " where " + describePoint(point));
                    }
                }
            }
            if (first == null) {
                gaps.add(describePoint(point));
            }
        }
        for (PolicySources.TableRow r : t.rows()) {
            if (firstHits.get(r.rule()) == 0) {
                warnings.add(new Finding("warning", cell(t, r), "unreachable: every request it matches is taken by an "
                        + "earlier row" + (shadowedBy.containsKey(r.rule()) ? " (e.g. " + shadowedBy.get(r.rule()) + ")" : "")));
            } else if (shadowedBy.containsKey(r.rule())) {
                warnings.add(new Finding("warning", cell(t, r), "partly shadowed, first match wins: "
                        + shadowedBy.get(r.rule())));
            }
        }
        if (!gaps.isEmpty()) {
            boolean defaulted = t.name().equals("Capability") || t.name().equals("LatencyTier");
            String msg = gaps.size() + " combination(s) match no row" + (defaulted
                    ? " and get the flagged default" : " and have no default: requests there get no decision")
                    + ", e.g. " + String.join("; ", gaps.stream().limit(5).toList());
            Finding f = new Finding(defaulted ? "warning" : "error", t.file() + ", sheet " + t.sheet(), msg);
            (defaulted ? warnings : errors).add(f);
        }
    }

    private void checkAllMatch(PolicySources.Table t) {
        List<PolicySources.TableRow> rows = t.rows();
        for (int i = 0; i < rows.size(); i++) {
            for (int j = i + 1; j < rows.size(); j++) {
                PolicySources.TableRow a = rows.get(i);
                PolicySources.TableRow b = rows.get(j);
                Map<String, String> ca = conditionCells(t, a);
                Map<String, String> cb = conditionCells(t, b);
                if (ca.equals(cb)) {
                    if (actionCells(t, a).equals(actionCells(t, b))) {
                        warnings.add(new Finding("warning", cell(t, b), "duplicates row " + a.row()));
                    } else if (contradictory(t, a, b)) {
                        errors.add(new Finding("error", cell(t, b), "conflicts with row " + a.row() + ": same conditions "
                                + describe(ca) + ", and together they leave no model — every such request is refused"));
                    }
                }
            }
        }
    }

    /** Two rows whose limits, applied together, leave no active model (neither being a refusal row). */
    private boolean contradictory(PolicySources.Table t, PolicySources.TableRow a, PolicySources.TableRow b) {
        if (refuses(t, a) || refuses(t, b)) {
            return false;
        }
        List<Constraint> ks = new ArrayList<>();
        ks.addAll(constraintsOf(t, a));
        ks.addAll(constraintsOf(t, b));
        return catalog.models().stream().filter(m -> m.status() == ModelStatus.ACTIVE)
                .noneMatch(m -> ks.stream().allMatch(k -> k.violation(m) == null));
    }

    private boolean refuses(PolicySources.Table t, PolicySources.TableRow r) {
        return t.columns().stream().anyMatch(c -> c.code().contains("new Refusal(") && r.cells().containsKey(c.label()));
    }

    private List<Constraint> constraintsOf(PolicySources.Table t, PolicySources.TableRow r) {
        List<Constraint> out = new ArrayList<>();
        for (PolicySources.Column c : t.columns()) {
            String v = r.cells().get(c.label());
            if (v == null) {
                continue;
            }
            if (c.code().contains("Constraint.requireFlags(")) {
                out.add(Constraint.requireFlags(v, r.rule()));
            } else if (c.code().contains("Constraint.allowedRegions(")) {
                out.add(Constraint.allowedRegions(v, r.rule()));
            } else if (c.code().contains("Constraint.allowedProviders(")) {
                out.add(Constraint.allowedProviders(v, r.rule()));
            } else if (c.code().contains("Constraint.excludedProviders(")) {
                out.add(Constraint.excludedProviders(v, r.rule()));
            } else if (c.code().contains("Constraint.excludedModels(")) {
                out.add(Constraint.excludedModels(v, r.rule()));
            }
        }
        return out;
    }

    private static boolean matches(List<Cond> conds, PolicySources.TableRow r, Map<String, Object> point) {
        for (Cond c : conds) {
            String cell = r.cells().get(c.label());
            if (cell == null) {
                continue;
            }
            Object v = point.get(c.field());
            String op = c.op();
            boolean ok = switch (op) {
                case "==" -> Objects.equals(String.valueOf(v), cell.trim());
                case "contains" -> Objects.equals(String.valueOf(v), cell.trim());
                default -> compare(((Number) v).doubleValue(), op, Double.parseDouble(cell.trim()));
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean compare(double v, String op, double bound) {
        return switch (op) {
            case ">=" -> v >= bound;
            case ">" -> v > bound;
            case "<" -> v < bound;
            default -> v <= bound;
        };
    }

    /** Values to try for a fact field: its vocabulary, or every value the tables name plus an unknown one. */
    private List<Object> domain(String field) {
        return switch (field) {
            case "taskType" -> new ArrayList<>(taskTypes());
            case "complexity" -> List.of("low", "medium", "high");
            case "requiredConfidence" -> List.of("low", "standard", "high", "critical");
            case "dataRegion" -> {
                List<Object> d = new ArrayList<>(List.of(""));
                d.addAll(regions());
                yield d;
            }
            case "difficulty" -> numeric(field, 0.0, 1.0, 0.001);
            case "latencyBudgetMs" -> numeric(field, 0.0, null, 1.0);
            default -> {
                Set<Object> d = new LinkedHashSet<>(List.of("", "(other)"));
                d.addAll(cellValues(field));
                yield new ArrayList<>(d);
            }
        };
    }

    private List<Object> numeric(String field, double min, Double max, double epsilon) {
        Set<Double> points = new TreeSet<>();
        points.add(min);
        double top = min;
        for (String v : cellValues(field)) {
            double b = Double.parseDouble(v);
            points.add(b);
            if (b - epsilon >= min) {
                points.add(b - epsilon);
            }
            top = Math.max(top, b);
        }
        points.add(max == null ? top * 2 + 1 : max);
        List<Object> out = new ArrayList<>();
        for (double p : points) {
            out.add(field.equals("latencyBudgetMs") ? (Object) (int) p : (Object) p);
        }
        return out;
    }

    /** Every value any table writes in a condition on this field. */
    private Set<String> cellValues(String field) {
        Set<String> out = new TreeSet<>();
        for (PolicySources.Table t : sources.tables()) {
            for (PolicySources.Column c : t.columns()) {
                Matcher m = CONDITION.matcher(c.code());
                if (c.kind().equals("CONDITION") && m.matches() && m.group(1).equals(field)) {
                    t.rows().forEach(r -> {
                        String v = r.cells().get(c.label());
                        if (v != null) {
                            out.add(v.trim());
                        }
                    });
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ the compiled policy over the fact space

    private void runCompliance() {
        List<Set<String>> dataSets = new ArrayList<>();
        dataSets.add(Set.of());
        DataClass[] classes = DataClass.values();
        for (int i = 0; i < classes.length; i++) {
            dataSets.add(Set.of(classes[i].name()));
            for (int j = i + 1; j < classes.length; j++) {
                dataSets.add(Set.of(classes[i].name(), classes[j].name()));
            }
        }
        List<String> tenants = new ArrayList<>(List.of(""));
        cellValues("tenant").forEach(tenants::add);
        List<String> regions = new ArrayList<>(List.of(""));
        regions.addAll(regions());
        for (RequestFacts.Builder latency : latencyPoints()) {
            for (Set<String> data : dataSets) {
                for (String tenant : tenants) {
                    for (String region : regions) {
                        RequestFacts f = latency.taskType("other").dataClasses(data).tenant(tenant).dataRegion(region)
                                .build();
                        Evaluation e = run(f);
                        if (e.refusal() != null) {
                            refused.computeIfAbsent(e.refusal().getReason(), k -> new ArrayList<>()).add(describe(f));
                        }
                    }
                }
            }
        }
    }

    private void runCapability() {
        List<Object> difficulties = domain("difficulty");
        for (RequestFacts.Builder latency : latencyPoints()) {
            for (String task : taskTypes()) {
                for (String band : List.of("low", "medium", "high")) {
                    for (Object d : difficulties) {
                        for (String confidence : List.of("low", "standard", "high", "critical")) {
                            RequestFacts f = latency.taskType(task).complexity(band).difficulty((Double) d)
                                    .requiredConfidence(confidence).dataClasses(Set.of()).tenant("").dataRegion("")
                                    .build();
                            Evaluation e = run(f);
                            if (e.primary() != null && e.primary().getVia().name().equals("BEST_AVAILABLE")) {
                                belowFloor.add(describe(f) + " -> " + e.primary().getModelId() + " (" + task + " "
                                        + e.primary().getCandidate().score(e.requirement().getCapability()) + " < "
                                        + e.requirement().getPrimaryMin() + ")");
                            }
                        }
                    }
                }
            }
        }
    }

    /** One representative request per latency-tier row (and one that matches no row). */
    private List<RequestFacts.Builder> latencyPoints() {
        List<RequestFacts.Builder> out = new ArrayList<>();
        for (PolicySources.Table t : sources.tables()) {
            if (!t.name().equals("LatencyTier")) {
                continue;
            }
            List<Cond> conds = conditions(t);
            for (PolicySources.TableRow r : t.rows()) {
                RequestFacts.Builder b = RequestFacts.builder();
                for (Cond c : conds) {
                    String v = r.cells().get(c.label());
                    if (v == null) {
                        continue;
                    }
                    switch (c.field()) {
                        case "channel" -> b.channel(v);
                        case "userTier" -> b.userTier(v);
                        case "latencyBudgetMs" -> {
                            if (c.op().equals(">=")) {
                                b.latencyBudgetMs((int) Double.parseDouble(v));
                            }
                        }
                        default -> { }
                    }
                }
                out.add(b);
            }
        }
        out.add(RequestFacts.builder().channel("(unknown)"));
        return out;
    }

    private Evaluation run(RequestFacts f) {
        evaluations++;
        Evaluation e;
        try {
            e = RuleRunner.run(sessions.get(), f, catalog.models(), settings);
        } catch (RuntimeException ex) {
            errors.add(new Finding("error", "policy", "evaluation failed for " + describe(f) + ": " + ex));
            return new Evaluation(f, Map.of(), null, List.of(), List.of(), null, null, null, null, null);
        }
        fired.addAll(e.firedRules().keySet());
        if (e.primary() == null && e.refusal() == null) {
            addOnce(new Finding("error", "policy", "neither a model nor a refusal for " + describe(f)
                    + " — a table gap (fired: " + e.firedRules().keySet() + ")"));
        }
        if (e.primary() != null) {
            List<Candidate> chain = new ArrayList<>();
            chain.add(e.primary().getCandidate());
            if (e.fallbacks() != null) {
                chain.addAll(e.fallbacks().getChain());
            }
            for (Candidate c : chain) {
                for (Constraint k : e.constraints()) {
                    String why = k.violation(c.model());
                    if (why != null) {
                        addOnce(new Finding("error", where(k.getRule()), "compliance violation: " + c.getId()
                                + " is in the chain for " + describe(f) + " but " + why));
                    }
                }
            }
        }
        return e;
    }

    private void addOnce(Finding f) {
        if (errors.stream().noneMatch(e -> e.where().equals(f.where()) && e.message().equals(f.message()))
                && errors.size() < 200) {
            errors.add(f);
        }
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, String> conditionCells(PolicySources.Table t, PolicySources.TableRow r) {
        Map<String, String> out = new TreeMap<>();
        t.columns().stream().filter(c -> c.kind().equals("CONDITION"))
                .forEach(c -> out.put(c.label(), r.cells().getOrDefault(c.label(), "")));
        return out;
    }

    private Map<String, String> actionCells(PolicySources.Table t, PolicySources.TableRow r) {
        Map<String, String> out = new TreeMap<>();
        t.columns().stream().filter(c -> c.kind().equals("ACTION") && !c.code().contains("trace.because("))
                .forEach(c -> out.put(c.label(), r.cells().getOrDefault(c.label(), "")));
        return out;
    }

    private static String cell(PolicySources.Table t, PolicySources.TableRow r) {
        String letter = t.columns().stream().filter(c -> c.kind().equals("ACTION")).findFirst()
                .map(PolicySources.Column::letter).orElse("B");
        return t.file() + ", sheet " + t.sheet() + ", cell " + letter + r.row();
    }

    private String where(String rule) {
        for (PolicySources.Table t : sources.tables()) {
            for (PolicySources.TableRow r : t.rows()) {
                if (r.rule().equals(rule)) {
                    return t.file() + ", sheet " + t.sheet() + ", row " + r.row();
                }
            }
        }
        return sources.drlRules().stream().filter(r -> r.name().equals(rule)).findFirst()
                .map(r -> r.file() + ":" + r.line() + " (" + rule + ")").orElse(rule);
    }

    private static String describe(Map<String, String> cells) {
        List<String> parts = new ArrayList<>();
        cells.forEach((k, v) -> parts.add(k + "=" + (v.isEmpty() ? "any" : v)));
        return "{" + String.join(", ", parts) + "}";
    }

    private static String describePoint(Map<String, Object> point) {
        List<String> parts = new ArrayList<>();
        point.forEach((field, v) -> parts.add(field + "=" + (v.equals("") || v.equals(0) ? "(none)" : v)));
        return String.join(", ", parts);
    }

    static String describe(RequestFacts f) {
        List<String> parts = new ArrayList<>();
        parts.add("task " + f.getTaskType());
        if (!f.getDataClasses().isEmpty()) {
            parts.add("data " + f.getDataClasses());
        }
        if (!f.getTenant().isEmpty()) {
            parts.add("tenant " + f.getTenant());
        }
        if (!f.getDataRegion().isEmpty()) {
            parts.add("region " + f.getDataRegion());
        }
        if (!f.getChannel().isEmpty()) {
            parts.add("channel " + f.getChannel());
        }
        if (!f.getUserTier().isEmpty()) {
            parts.add("user tier " + f.getUserTier());
        }
        if (f.getLatencyBudgetMs() > 0) {
            parts.add("budget " + f.getLatencyBudgetMs() + " ms");
        }
        parts.add("confidence " + f.getRequiredConfidence());
        return String.join(", ", parts);
    }

    private Set<String> taskTypes() {
        Set<String> out = new TreeSet<>();
        for (TaskType t : TaskType.values()) {
            out.add(t.wire());
        }
        return out;
    }

    private Set<String> regions() {
        Set<String> out = new TreeSet<>();
        catalog.models().forEach(m -> out.addAll(m.regions()));
        return out;
    }

    private static List<List<Object>> product(List<List<Object>> domains) {
        List<List<Object>> out = new ArrayList<>();
        out.add(List.of());
        for (List<Object> d : domains) {
            List<List<Object>> next = new ArrayList<>();
            for (List<Object> prefix : out) {
                for (Object v : d) {
                    List<Object> p = new ArrayList<>(prefix);
                    p.add(v);
                    next.add(p);
                }
            }
            out = next;
        }
        return out;
    }
}
