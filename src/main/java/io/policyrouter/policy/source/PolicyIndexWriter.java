package io.policyrouter.policy.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The policy index as JSON (policy-index.json): every policy file with its hash, every DRL rule with its file and
 * line, every table row with its sheet, row and cells. Written at build time by the index-policy step and by the
 * dev-mode reloader; the service reads it to explain fired rules with their source and to compute the policy
 * version, and never opens a spreadsheet.
 */
public final class PolicyIndexWriter {

    private PolicyIndexWriter() {
    }

    public static String json(PolicySources sources) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("content_hash", sources.contentHash());
        ArrayNode files = root.putArray("files");
        sources.files().forEach(f -> files.addObject().put("path", f.path()).put("kind", f.kind())
                .put("sha256", f.sha256()));
        ArrayNode rules = root.putArray("rules");
        sources.drlRules().forEach(r -> rules.addObject().put("name", r.name()).put("file", r.file())
                .put("line", r.line()));
        ArrayNode tables = root.putArray("tables");
        for (PolicySources.Table t : sources.tables()) {
            ObjectNode table = tables.addObject();
            table.put("file", t.file()).put("sheet", t.sheet()).put("table", t.name()).put("notes", t.notes())
                    .put("first_match", t.firstMatch());
            ArrayNode columns = table.putArray("columns");
            t.columns().forEach(c -> columns.addObject().put("kind", c.kind()).put("label", c.label())
                    .put("column", c.letter()).put("code", c.code()));
            ArrayNode rows = table.putArray("rows");
            for (PolicySources.TableRow r : t.rows()) {
                ObjectNode row = rows.addObject().put("rule", r.rule()).put("row", r.row());
                ObjectNode cells = row.putObject("cells");
                r.cells().forEach(cells::put);
            }
        }
        return mapper.writeValueAsString(root);
    }
}
