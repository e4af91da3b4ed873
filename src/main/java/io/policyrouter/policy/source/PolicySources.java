package io.policyrouter.policy.source;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellReference;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the policy sources the way Drools does — DRL rule names, and decision tables laid out as RuleSet /
 * properties / RuleTable / header rows / one rule per row — so build-time tools can index, hash and check them
 * with file, sheet and cell precision. Build-time only: the service itself never opens a spreadsheet.
 */
public final class PolicySources {

    /** One rule of a DRL file. */
    public record DrlRule(String name, String file, int line) {
    }

    /** A column of a rule table: CONDITION or ACTION (or another Drools keyword), its label and letter. */
    public record Column(String kind, String label, String code, String letter) {
    }

    /** One rule row of a table: the rule name Drools gives it, the 1-based spreadsheet row, label -> cell text. */
    public record TableRow(String rule, int row, Map<String, String> cells) {
    }

    /**
     * @param strayRows 1-based rows below the first empty row that still hold values: Drools ignores them
     */
    public record Table(String file, String sheet, String name, Map<String, String> properties, String notes,
                        List<Column> columns, List<TableRow> rows, int headerRow, List<Integer> strayRows) {

        /** First-match tables carry an ACTIVATION-GROUP: only the first matching row fires. */
        public boolean firstMatch() {
            return properties.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("ACTIVATION-GROUP"));
        }
    }

    public record SourceFile(String path, String kind, String sha256) {
    }

    private static final Pattern DRL_RULE = Pattern.compile("^\\s*rule\\s+\"([^\"]+)\"", Pattern.MULTILINE);
    private static final DataFormatter FORMAT = new DataFormatter(Locale.ROOT);
    private static final int LABEL_OFFSET = 4;

    private final List<SourceFile> files = new ArrayList<>();
    private final List<DrlRule> drlRules = new ArrayList<>();
    private final List<Table> tables = new ArrayList<>();

    /**
     * @param roots the policy folders (e.g. rules, decision-tables); paths are reported relative to their parent
     *              (the repository root), e.g. decision-tables/io/policyrouter/policy/capability.drl.xlsx
     */
    /** The folder of a policy root (rules/, decision-tables/) that holds the candidate policy's changed files. */
    public static final String CANDIDATE = "candidate";

    /** A file of the active policy: anything under a root but its candidate/ folder. */
    public static boolean isActive(Path root, Path file) {
        Path rel = root.relativize(file);
        return rel.getNameCount() == 0 || !rel.getName(0).toString().equals(CANDIDATE);
    }

    /** The active policy's files under {@code root}, sorted. */
    public static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(p -> isActive(root, p)).sorted().toList();
        }
    }

    public static PolicySources read(List<Path> roots) throws IOException {
        PolicySources sources = new PolicySources();
        for (Path root : roots) {
            List<Path> paths = files(root);
            for (Path p : paths) {
                String rel = (root.getFileName() + "/" + root.relativize(p)).replace('\\', '/');
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                byte[] bytes = Files.readAllBytes(p);
                if (name.endsWith(".drl")) {
                    sources.files.add(new SourceFile(rel, "drl", sha256(bytes)));
                    sources.readDrl(rel, new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
                } else if (name.endsWith(".drl.xlsx") || name.endsWith(".drl.xls")) {
                    sources.files.add(new SourceFile(rel, "table", sha256(bytes)));
                    sources.readWorkbook(rel, p);
                } else {
                    sources.files.add(new SourceFile(rel, "other", sha256(bytes)));
                }
            }
        }
        return sources;
    }

    public List<SourceFile> files() {
        return files;
    }

    public List<DrlRule> drlRules() {
        return drlRules;
    }

    public List<Table> tables() {
        return tables;
    }

    /** Hash of every policy file's path and content: the rules-and-tables part of the policy version. */
    public String contentHash() {
        StringBuilder sb = new StringBuilder();
        files.stream().filter(f -> !f.kind().equals("other")).sorted(java.util.Comparator.comparing(SourceFile::path))
                .forEach(f -> sb.append(f.path()).append('\n').append(f.sha256()).append('\n'));
        return sha256(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void readDrl(String file, String text) {
        Matcher m = DRL_RULE.matcher(text);
        while (m.find()) {
            int line = 1;
            for (int i = 0; i < m.start(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                }
            }
            drlRules.add(new DrlRule(m.group(1), file, line));
        }
    }

    private void readWorkbook(String file, Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path); Workbook wb = WorkbookFactory.create(in)) {
            for (Sheet sheet : wb) {
                readSheet(file, sheet);
            }
        }
    }

    private void readSheet(String file, Sheet sheet) {
        Map<String, String> properties = new LinkedHashMap<>();
        int last = sheet.getLastRowNum();
        for (int r = 0; r <= last; r++) {
            Row row = sheet.getRow(r);
            if (row == null) {
                continue;
            }
            for (Cell cell : row) {
                String text = text(cell);
                if (text.toLowerCase(Locale.ROOT).startsWith("ruletable")) {
                    tables.add(readTable(file, sheet, r, cell.getColumnIndex(), text.substring(9).trim(),
                            properties));
                    return;
                }
            }
            Cell key = firstNonEmpty(row);
            if (key != null) {
                Cell value = row.getCell(key.getColumnIndex() + 1);
                properties.put(text(key), value == null ? "" : text(value));
            }
        }
    }

    private Table readTable(String file, Sheet sheet, int tableRow, int startCol, String name,
                            Map<String, String> properties) {
        Row header = sheet.getRow(tableRow + 1);
        Row codeRow = sheet.getRow(tableRow + 3);
        Row labelRow = sheet.getRow(tableRow + LABEL_OFFSET);
        List<Column> columns = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (int c = startCol; header != null && c < header.getLastCellNum(); c++) {
            String kind = text(header.getCell(c));
            if (kind.isEmpty()) {
                continue;
            }
            String label = labelRow == null ? "" : text(labelRow.getCell(c));
            String code = codeRow == null ? "" : text(codeRow.getCell(c));
            columns.add(new Column(kind.toUpperCase(Locale.ROOT), label.isEmpty() ? kind + " " + letter(c) : label,
                    code, letter(c)));
            indexes.add(c);
        }
        List<TableRow> rows = new ArrayList<>();
        List<Integer> stray = new ArrayList<>();
        boolean ended = false;
        for (int r = tableRow + LABEL_OFFSET + 1; r <= sheet.getLastRowNum(); r++) {
            Row row = sheet.getRow(r);
            Map<String, String> cells = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                String v = row == null ? "" : text(row.getCell(indexes.get(i)));
                if (!v.isEmpty()) {
                    cells.put(columns.get(i).label(), v);
                }
            }
            if (cells.isEmpty()) {
                ended = true; // Drools ends a table at the first empty row
            } else if (ended) {
                stray.add(r + 1);
            } else {
                rows.add(new TableRow(name + "_" + (r + 1), r + 1, cells));
            }
        }
        String notes = properties.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Notes"))
                .map(Map.Entry::getValue).findFirst().orElse("");
        return new Table(file, sheet.getSheetName(), name, Map.copyOf(properties), notes, List.copyOf(columns),
                List.copyOf(rows), tableRow + 1, List.copyOf(stray));
    }

    static String letter(int columnIndex) {
        return CellReference.convertNumToColString(columnIndex);
    }

    private static Cell firstNonEmpty(Row row) {
        for (Cell cell : row) {
            if (!text(cell).isEmpty()) {
                return cell;
            }
        }
        return null;
    }

    static String text(Cell cell) {
        return cell == null ? "" : FORMAT.formatCellValue(cell).trim();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
