package io.policyrouter.tools.policy;

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
import java.util.List;

/** Test helper: copies the shipped policy and edits table cells the way an analyst would in a spreadsheet. */
public final class PolicyTables {

    public static final Path RULES = Path.of("rules");
    public static final Path TABLES = Path.of("decision-tables");
    public static final String DIR = "io/policyrouter/policy/";

    private PolicyTables() {
    }

    public static Path copyTables(Path tmp) throws IOException {
        Path to = tmp.resolve("decision-tables");
        Workbench.copyTree(TABLES, to);
        return to;
    }

    /** Sets the cell under the column labelled {@code label} in spreadsheet row {@code row} (1-based). */
    public static void set(Path file, int row, String label, Object value) throws IOException {
        edit(file, sheet -> {
            Cell cell = cell(sheet, row, column(sheet, label));
            if (value instanceof Number n) {
                cell.setCellValue(n.doubleValue());
            } else {
                cell.setCellValue(String.valueOf(value));
            }
        });
    }

    /** Empties a whole row, as "delete contents" in a spreadsheet does (the row stays, blank). */
    public static void clearRow(Path file, int row) throws IOException {
        edit(file, sheet -> {
            Row r = sheet.getRow(row - 1);
            if (r != null) {
                sheet.removeRow(r);
            }
        });
    }

    /** The first 1-based rule row whose first condition cells read {@code keys} ("" = empty). */
    public static int rowOf(Path file, String... keys) throws IOException {
        List<Integer> rows = rowsOf(file, keys);
        if (rows.isEmpty()) {
            throw new IllegalStateException("no row " + List.of(keys) + " in " + file);
        }
        return rows.get(0);
    }

    /** Every 1-based rule row whose first condition cells read {@code keys} ("" = empty). */
    public static List<Integer> rowsOf(Path file, String... keys) throws IOException {
        List<Integer> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); Workbook wb = WorkbookFactory.create(in)) {
            Sheet sheet = wb.getSheetAt(0);
            int firstRuleRow = Integer.MAX_VALUE;
            for (Row r : sheet) {
                if (r.getRowNum() >= firstRuleRow) {
                    boolean match = true;
                    for (int k = 0; k < keys.length; k++) {
                        match &= text(r, k + 1).equals(keys[k]);
                    }
                    if (match) {
                        out.add(r.getRowNum() + 1);
                    }
                }
                if (text(r, 1).startsWith("RuleTable")) {
                    firstRuleRow = r.getRowNum() + 5;
                }
            }
        }
        return out;
    }

    private interface SheetEdit {
        void apply(Sheet sheet);
    }

    private static void edit(Path file, SheetEdit edit) throws IOException {
        Workbook wb;
        try (InputStream in = Files.newInputStream(file)) {
            wb = WorkbookFactory.create(in);
        }
        edit.apply(wb.getSheetAt(0));
        try (OutputStream out = Files.newOutputStream(file)) {
            wb.write(out);
        }
        wb.close();
    }

    private static int column(Sheet sheet, String label) {
        for (Row r : sheet) {
            for (Cell c : r) {
                if (c.getCellType() == CellType.STRING && c.getStringCellValue().equals(label)) {
                    return c.getColumnIndex();
                }
            }
        }
        throw new IllegalStateException("no column labelled " + label);
    }

    private static Cell cell(Sheet sheet, int row, int col) {
        Row r = sheet.getRow(row - 1) == null ? sheet.createRow(row - 1) : sheet.getRow(row - 1);
        return r.getCell(col) == null ? r.createCell(col) : r.getCell(col);
    }

    private static String text(Row row, int col) {
        Cell c = row.getCell(col);
        return c == null ? "" : c.toString().trim();
    }
}
