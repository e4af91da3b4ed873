package io.policyrouter.tools.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.policyrouter.policy.source.PolicyIndexWriter;
import io.policyrouter.policy.source.PolicySources;
import io.policyrouter.policy.source.PolicyValidator;
import io.policyrouter.tools.ToolConfig;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Build step (process-classes): the candidate policy. An analyst puts the changed tables — and rules, if any — in
 * {@code decision-tables/candidate/} and {@code rules/candidate/} (same file names as the active ones; a file with a
 * new name is added). The candidate policy is the active one with those files in place of theirs. It is validated
 * cell by cell like the active policy (the build fails on an error, naming the candidate file and cell), indexed
 * (rule → file, sheet, row; content hash → its policy version) and staged for the executable-model build as package
 * {@code io.policyrouter.policy.candidate} (see META-INF/kmodule.xml), so both policies are compiled into the build and
 * the native image never compiles rules. Empty candidate folders: nothing is staged and shadow mode is off.
 *
 * <p>Usage: StageCandidatePolicy &lt;rules&gt; &lt;decision-tables&gt; &lt;work dir&gt; &lt;output dir&gt;...
 */
public final class StageCandidatePolicy {

    public static final String INDEX = "candidate-policy-index.json";
    static final String ACTIVE_PACKAGE = "io.policyrouter.policy";
    static final String CANDIDATE_PACKAGE = ACTIVE_PACKAGE + ".candidate";
    static final String STAGED = CANDIDATE_PACKAGE.replace('.', '/');

    private StageCandidatePolicy() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: StageCandidatePolicy <rules> <decision-tables> <work dir> <output dir>...");
            System.exit(2);
        }
        List<Path> roots = List.of(Path.of(args[0]), Path.of(args[1]));
        Path work = Path.of(args[2]);
        List<Path> outputs = Stream.of(args).skip(3).map(Path::of).toList();
        for (Path out : outputs) {
            deleteTree(out.resolve(STAGED));
            Files.deleteIfExists(out.resolve(INDEX));
        }
        deleteTree(work);
        Map<String, String> overridden = merge(roots, work);
        if (overridden.isEmpty()) {
            System.out.println("no candidate policy (rules/candidate/ and decision-tables/candidate/ are empty)");
            return;
        }
        List<Path> merged = roots.stream().map(r -> work.resolve(r.getFileName())).toList();
        List<PolicyValidator.Finding> errors = new PolicyValidator(ToolConfig.catalog()).validate(merged).stream()
                .filter(f -> f.severity().equals("error")).toList();
        if (!errors.isEmpty()) {
            errors.forEach(f -> System.out.println("ERROR candidate policy: " + rename(f.toString(), overridden)));
            System.out.println(errors.size() + " error(s) in the candidate policy");
            System.exit(1);
        }
        String index = index(merged, overridden);
        for (Path out : outputs) {
            Files.createDirectories(out.resolve(STAGED));
            Files.writeString(out.resolve(INDEX), index);
            for (Path root : merged) {
                for (Path file : PolicySources.files(root)) {
                    stage(file, out.resolve(STAGED).resolve(file.getFileName().toString()));
                }
            }
        }
        System.out.println("candidate policy staged: " + overridden.values() + " in place of " + overridden.keySet());
    }

    /**
     * Copies the active policy into the work dir with the candidate files in place; returns active path → candidate
     * path for every file the candidate changes or adds (paths as the index names them: "decision-tables/...").
     */
    static Map<String, String> merge(List<Path> roots, Path work) throws IOException {
        Map<String, String> overridden = new LinkedHashMap<>();
        for (Path root : roots) {
            Path target = work.resolve(root.getFileName());
            for (Path file : PolicySources.files(root)) {
                copy(file, target.resolve(root.relativize(file).toString()));
            }
            Path candidate = root.resolve(PolicySources.CANDIDATE);
            if (!Files.isDirectory(candidate)) {
                continue;
            }
            List<Path> changed;
            try (Stream<Path> walk = Files.walk(candidate)) {
                changed = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted().toList();
            }
            for (Path c : changed) {
                String rel = candidate.relativize(c).toString().replace('\\', '/');
                Path same = root.resolve(rel);
                if (!Files.isRegularFile(same)) {
                    // an analyst may drop the changed table in candidate/ without its package folders
                    same = PolicySources.files(root).stream().filter(p -> p.getFileName().equals(c.getFileName()))
                            .findFirst().orElse(same);
                }
                String activeRel = root.relativize(same).toString().replace('\\', '/');
                copy(c, target.resolve(activeRel));
                overridden.put(root.getFileName() + "/" + activeRel, root.getFileName() + "/" + PolicySources.CANDIDATE
                        + "/" + rel);
            }
        }
        return overridden;
    }

    /** The candidate's index, naming the candidate files where they replace active ones. */
    private static String index(List<Path> merged, Map<String, String> overridden) throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        JsonNode root = json.readTree(PolicyIndexWriter.json(PolicySources.read(merged)));
        for (String array : List.of("files", "rules", "tables")) {
            for (JsonNode n : root.path(array)) {
                String key = array.equals("files") ? "path" : "file";
                String file = n.path(key).asText();
                if (overridden.containsKey(file)) {
                    ((ObjectNode) n).put(key, overridden.get(file));
                }
            }
        }
        return json.writeValueAsString(root);
    }

    /** A policy file in the candidate package: DRL package line, or the table's RuleSet cell. */
    private static void stage(Path from, Path to) throws IOException {
        String name = from.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".drl")) {
            String drl = Files.readString(from, StandardCharsets.UTF_8);
            String staged = drl.replaceFirst("(?m)^package\\s+" + ACTIVE_PACKAGE.replace(".", "\\.") + "\\s*;",
                    "package " + CANDIDATE_PACKAGE + ";\n\nimport " + ACTIVE_PACKAGE + ".*;");
            Files.writeString(to, staged, StandardCharsets.UTF_8);
        } else if (name.endsWith(".drl.xlsx") || name.endsWith(".drl.xls")) {
            Workbook wb;
            try (InputStream in = Files.newInputStream(from)) {
                wb = WorkbookFactory.create(in);
            }
            for (Sheet sheet : wb) {
                for (Row row : sheet) {
                    Cell label = row.getCell(0);
                    if (label != null && "RuleSet".equalsIgnoreCase(label.toString().trim())) {
                        row.getCell(1).setCellValue(CANDIDATE_PACKAGE);
                    }
                }
            }
            try (OutputStream out = Files.newOutputStream(to)) {
                wb.write(out);
            }
            wb.close();
        }
    }

    private static String rename(String message, Map<String, String> overridden) {
        String out = message;
        for (Map.Entry<String, String> e : overridden.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = new ArrayList<>(walk.toList());
        }
        all.sort(Comparator.reverseOrder());
        for (Path p : all) {
            Files.delete(p);
        }
    }
}
