package io.policyrouter.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Build step (process-classes): writes policy-index.json next to the compiled rules — every policy file with its
 * hash, every DRL rule with its file and line, every table row with its sheet, row and cells. The service reads it
 * to explain fired rules with their source and to compute the policy version; it never opens a spreadsheet.
 *
 * Usage: PolicyIndexer <output.json> <policy folder>...
 */
public final class PolicyIndexer {

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PolicyIndexer <output.json> <policy folder>...");
            System.exit(2);
        }
        List<Path> roots = java.util.Arrays.stream(args).skip(1).map(Path::of).toList();
        PolicySources sources = PolicySources.read(roots);
        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json(sources));
    }

    static String json(PolicySources sources) throws Exception {
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
                    .put("column", c.letter()));
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
