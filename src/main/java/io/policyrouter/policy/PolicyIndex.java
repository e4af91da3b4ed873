package io.policyrouter.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The build-time index of the policy sources (written by tools.PolicyIndexWriter): where each rule lives and the
 * content hash of rules and tables. Parsed as a JSON tree, so the native image needs no reflection for it.
 */
public final class PolicyIndex {

    public static final String RESOURCE = "policy-index.json";

    /** Where a rule comes from: a DRL file (line) or a table (sheet, table, row, the row's cells). */
    public record RuleSource(String rule, String file, String sheet, String table, Integer row, Integer line,
                             Map<String, String> cells) {
    }

    public record TableInfo(String file, String sheet, String table, String notes, boolean firstMatch,
                            List<String> columns, List<Column> columnDefs, List<RuleSource> rows) {
    }

    /** A table column: CONDITION or ACTION, its label and its code row ("difficulty >= $param"). */
    public record Column(String kind, String label, String code) {
    }

    private final String contentHash;
    private final Map<String, RuleSource> sources;
    private final List<TableInfo> tables;
    private final List<RuleSource> drlRules;

    private PolicyIndex(String contentHash, Map<String, RuleSource> sources, List<TableInfo> tables,
                        List<RuleSource> drlRules) {
        this.contentHash = contentHash;
        this.sources = sources;
        this.tables = tables;
        this.drlRules = drlRules;
    }

    /** The candidate policy's index, written by the build's stage-candidate step when there is a candidate. */
    public static final String CANDIDATE_RESOURCE = "candidate-policy-index.json";

    public static PolicyIndex load() {
        return load(RESOURCE).orElseThrow(() -> new IllegalStateException(RESOURCE
                + " is missing: the build's policy-index step did not run"));
    }

    /** An index on the class path, if present. */
    public static java.util.Optional<PolicyIndex> load(String resource) {
        try (InputStream in = PolicyIndex.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? java.util.Optional.empty() : java.util.Optional.of(parse(new ObjectMapper().readTree(in)));
        } catch (IOException e) {
            throw new IllegalStateException(resource + " cannot be read: " + e.getMessage(), e);
        }
    }

    public static PolicyIndex parse(JsonNode root) {
        Map<String, RuleSource> sources = new LinkedHashMap<>();
        List<RuleSource> drl = new ArrayList<>();
        for (JsonNode r : root.path("rules")) {
            RuleSource s = new RuleSource(r.path("name").asText(), r.path("file").asText(), null, null, null,
                    r.path("line").asInt(), Map.of());
            sources.put(s.rule(), s);
            drl.add(s);
        }
        List<TableInfo> tables = new ArrayList<>();
        for (JsonNode t : root.path("tables")) {
            List<String> columns = new ArrayList<>();
            List<Column> defs = new ArrayList<>();
            t.path("columns").forEach(c -> {
                columns.add(c.path("label").asText());
                defs.add(new Column(c.path("kind").asText(), c.path("label").asText(), c.path("code").asText("")));
            });
            List<RuleSource> rows = new ArrayList<>();
            for (JsonNode r : t.path("rows")) {
                Map<String, String> cells = new LinkedHashMap<>();
                r.path("cells").fields().forEachRemaining(e -> cells.put(e.getKey(), e.getValue().asText()));
                RuleSource s = new RuleSource(r.path("rule").asText(), t.path("file").asText(),
                        t.path("sheet").asText(), t.path("table").asText(), r.path("row").asInt(), null,
                        Map.copyOf(cells));
                sources.put(s.rule(), s);
                rows.add(s);
            }
            tables.add(new TableInfo(t.path("file").asText(), t.path("sheet").asText(), t.path("table").asText(),
                    t.path("notes").asText(), t.path("first_match").asBoolean(), List.copyOf(columns),
                    List.copyOf(defs), List.copyOf(rows)));
        }
        return new PolicyIndex(root.path("content_hash").asText(), Map.copyOf(sources), List.copyOf(tables),
                List.copyOf(drl));
    }

    public String contentHash() {
        return contentHash;
    }

    public RuleSource source(String rule) {
        return sources.get(rule);
    }

    public List<TableInfo> tables() {
        return tables;
    }

    public List<RuleSource> drlRules() {
        return drlRules;
    }

    /** Every rule name the sources define: DRL rules and one per table row. */
    public java.util.Set<String> ruleNames() {
        return sources.keySet();
    }
}
