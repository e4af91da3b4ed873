package io.policyrouter.tools.annotator;

import io.policyrouter.annotate.pii.PiiDetector;
import io.policyrouter.annotate.pii.PiiSpan;
import io.policyrouter.vocabulary.DataClass;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Measures {@link PiiDetector} on a labelled PII file ({@code {"id","source","text","entities":[{"type","start","end"}]}},
 * offsets in Unicode code points) and on a file of ordinary prompts ({@code {"id","source","prompt"}}) for false
 * positives, and renders the result as a Markdown section.
 *
 * <p>Usage: {@code PiiEvaluation [pii.jsonl] [prompts.jsonl]} (defaults: ../shared/data/pii_dev.jsonl and
 * ../shared/data/task_types_dev.jsonl, relative to the repository root).
 */
public final class PiiEvaluation {

    /** Dataset label to detector class; OTHER (organisations, ages, plain dates, usernames, passwords...) is not scored. */
    static final Map<String, DataClass> LABELS = Map.of(
            "EMAIL", DataClass.EMAIL, "PHONE", DataClass.PHONE, "CREDIT_CARD", DataClass.CREDIT_CARD,
            "SSN", DataClass.NATIONAL_ID, "IBAN", DataClass.IBAN, "IP_ADDRESS", DataClass.IP_ADDRESS,
            "PERSON", DataClass.PERSON, "LOCATION", DataClass.LOCATION, "DATE_OF_BIRTH", DataClass.DATE_OF_BIRTH,
            "MEDICAL", DataClass.MEDICAL);

    private static final int MAX_EXAMPLES = 40;

    record Span(DataClass type, int start, int end) {
    }

    record Row(String id, String source, String text, List<Span> gold, List<Span> other) {
    }

    private PiiEvaluation() {
    }

    public static void main(String[] args) {
        Path pii = Path.of(args.length > 0 ? args[0] : "../shared/data/pii_dev.jsonl");
        Path prompts = Path.of(args.length > 1 ? args[1] : "../shared/data/task_types_dev.jsonl");
        System.out.println(markdown(pii, prompts));
    }

    /** What a detector (or one detector per cross-validation fold) found on every PII row and every prompt. */
    record Predictions(List<List<PiiSpan>> rows, List<List<PiiSpan>> prompts) {

        static Predictions of(PiiDetector d, List<Row> rows, List<String[]> prompts) {
            return new Predictions(rows.stream().map(r -> d.detect(r.text())).toList(),
                    prompts.stream().map(p -> d.detect(p[2])).toList());
        }

        List<Span> row(int i) {
            List<Span> out = new ArrayList<>();
            for (PiiSpan s : rows.get(i)) {
                out.add(new Span(s.type(), s.start(), s.end()));
            }
            return out;
        }
    }

    /** The data and the cross-validated detections, computed once per pair of files. */
    private record Evaluation(List<Row> rows, List<String[]> prompts, Predictions rules,
                              Map<TrainNameTagger.Scheme, Predictions> tagger, Predictions shipped,
                              Map<TrainNameTagger.Scheme, double[]> spread) {
    }

    /** Training orders (SGD seeds) besides the shipped one, to show how much the held-out figures move with it. */
    private static final long[] OTHER_SEEDS = {1, 2, 3};

    private static final Map<String, Evaluation> CACHE = new java.util.HashMap<>();

    private static synchronized Evaluation evaluation(Path piiFile, Path promptsFile) {
        return CACHE.computeIfAbsent(piiFile + "|" + promptsFile, k -> {
            TrainNameTagger.Data data = TrainNameTagger.Data.read(piiFile, promptsFile);
            Map<TrainNameTagger.Scheme, Predictions> cv = new EnumMap<>(TrainNameTagger.Scheme.class);
            for (TrainNameTagger.Scheme s : TrainNameTagger.Scheme.values()) {
                List<List<PiiSpan>>[] p = TrainNameTagger.crossValidated(data, s, TrainNameTagger.Params.DEFAULT);
                cv.put(s, new Predictions(p[0], p[1]));
            }
            // {min, max} of request-level recall and false-positive rate over the seeds, per scheme
            Map<TrainNameTagger.Scheme, double[]> spread = new EnumMap<>(TrainNameTagger.Scheme.class);
            for (TrainNameTagger.Scheme s : List.of(TrainNameTagger.Scheme.ROWS, TrainNameTagger.Scheme.TEMPLATES)) {
                double[] f = figures(cv.get(s), data.rows, DataClass.PERSON);
                double[] mm = {f[2], f[2], f[3], f[3]};
                for (long seed : OTHER_SEEDS) {
                    List<List<PiiSpan>>[] p = TrainNameTagger.crossValidated(data, s,
                            TrainNameTagger.Params.DEFAULT.withSeed(seed));
                    double[] g = figures(new Predictions(p[0], p[1]), data.rows, DataClass.PERSON);
                    mm[0] = Math.min(mm[0], g[2]);
                    mm[1] = Math.max(mm[1], g[2]);
                    mm[2] = Math.min(mm[2], g[3]);
                    mm[3] = Math.max(mm[3], g[3]);
                }
                spread.put(s, mm);
            }
            return new Evaluation(data.rows, data.prompts,
                    Predictions.of(new PiiDetector(false, null), data.rows, data.prompts), cv,
                    Predictions.of(new PiiDetector(), data.rows, data.prompts), spread);
        });
    }

    /** The scheme whose held-out detections the report's tables show. */
    static final TrainNameTagger.Scheme HEADLINE = TrainNameTagger.Scheme.TEMPLATES;

    /**
     * Rows of the report's target table: the rules (which learn nothing from these files) plus the name tagger
     * cross-validated by {@link #HEADLINE}, so no row is scored by a tagger trained on it; beside them ("random
     * split") the tagger cross-validated by row.
     */
    public static String targetRows(Path piiFile, Path promptsFile) {
        Evaluation ev = evaluation(piiFile, promptsFile);
        Predictions cv = ev.tagger().get(HEADLINE);
        Predictions all = ev.tagger().get(TrainNameTagger.Scheme.ROWS);
        double[] person = figures(cv, ev.rows(), DataClass.PERSON);
        double[] location = figures(cv, ev.rows(), DataClass.LOCATION);
        double[] p2 = figures(all, ev.rows(), DataClass.PERSON);
        double[] l2 = figures(all, ev.rows(), DataClass.LOCATION);
        return String.format(Locale.ROOT, "| request-level PII recall (rows with personal data that get any detection) "
                        + "| ≥ 0.97 | %.3f | %.3f |%n| false-positive rate (task prompts flagged) | ≤ 0.02 | %.3f | %.3f |%n"
                        + "| PERSON recall / precision | – | %.3f / %.3f | %.3f / %.3f |%n| LOCATION recall / precision | – | "
                        + "%.3f / %.3f | %.3f / %.3f |%n", person[2], p2[2], person[3], p2[3], person[1], person[0],
                p2[1], p2[0], location[1], location[0], l2[1], l2[0]);
    }

    /** {precision of type, recall of type, request-level recall, false-positive rate on the prompts}. */
    static double[] figures(Predictions pred, List<Row> rows, DataClass type) {
        int[] c = new int[6]; // gold, found, predicted, correct, rows with PII, rows hit
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            List<Span> p = pred.row(i);
            List<Span> g = ofType(row.gold(), type);
            List<Span> pp = ofType(p, type);
            c[0] += g.size();
            c[2] += pp.size();
            g.forEach(s -> c[1] += covered(row.text(), s, pp) ? 1 : 0);
            pp.forEach(s -> c[3] += covered(row.text(), s, g) ? 1 : 0);
            c[4] += row.gold().isEmpty() ? 0 : 1;
            c[5] += row.gold().isEmpty() || p.isEmpty() ? 0 : 1;
        }
        long flagged = pred.prompts().stream().filter(p -> !p.isEmpty()).count();
        return new double[] {ratio(c[3], c[2]), ratio(c[1], c[0]), ratio(c[5], c[4]),
                ratio((int) flagged, pred.prompts().size())};
    }

    public static String markdown(Path piiFile, Path promptsFile) {
        Evaluation ev = evaluation(piiFile, promptsFile);
        String md = markdown(piiFile, promptsFile, ev.rows(), ev.prompts(), ev.tagger().get(HEADLINE));
        return md + tagger(ev) + operatingPoints(ev.rows(), ev.prompts());
    }

    /** The name tagger's contribution, held out three ways, beside the rules alone and the shipped model. */
    private static String tagger(Evaluation ev) {
        StringBuilder md = new StringBuilder("### Name tagger, held out\n\n");
        md.append("The tagger (docs/annotator.md) is trained on these rows, so each row below is scored by a tagger "
                + "trained without it: *by row* — 5 folds, identical texts in one fold; *by template* — 5 folds, rows "
                + "whose texts are equal once capitalised words and numbers are blanked share a fold (the synthetic "
                + "rows come from sentence templates: \"Unlike the Jensen novel\" and \"Unlike the Sokolov "
                + "novel\" are never split), the tables above use this one; *by source* — trained on the other "
                + "source only. The task prompts, negatives in training, are split into the same number of folds. "
                + "The shipped model's in-sample figures (trained on every row) are shown for comparison only.\n\n");
        md.append("| Detector | PERSON P | PERSON R | LOCATION P | LOCATION R | Request-level recall "
                + "| False-positive rate |\n|---|---:|---:|---:|---:|---:|---:|\n");
        tagRow(md, "rules only", ev.rules(), ev.rows());
        for (TrainNameTagger.Scheme s : TrainNameTagger.Scheme.values()) {
            tagRow(md, "rules + tagger, " + s.label, ev.tagger().get(s), ev.rows());
        }
        tagRow(md, "rules + shipped tagger (in sample, optimistic)", ev.shipped(), ev.rows());
        md.append("\nEach tagger averages ").append(TrainNameTagger.Params.DEFAULT.orders())
                .append(" SGD runs in different example orders drawn from one seed (")
                .append(TrainNameTagger.Params.DEFAULT.seed())
                .append(" shipped); the seed still moves the held-out figures a little; over seeds ")
                .append(TrainNameTagger.Params.DEFAULT.seed());
        for (long seed : OTHER_SEEDS) {
            md.append(", ").append(seed);
        }
        md.append(":");
        for (Map.Entry<TrainNameTagger.Scheme, double[]> e : ev.spread().entrySet()) {
            double[] mm = e.getValue();
            md.append(String.format(Locale.ROOT, " %s — request-level recall %.3f–%.3f, false-positive rate "
                    + "%.3f–%.3f;", e.getKey().label, mm[0], mm[1], mm[2], mm[3]));
        }
        md.setLength(md.length() - 1);
        return md.append(".\n\n").toString();
    }

    private static void tagRow(StringBuilder md, String what, Predictions p, List<Row> rows) {
        double[] person = figures(p, rows, DataClass.PERSON);
        double[] location = figures(p, rows, DataClass.LOCATION);
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", what, fmt(person[0], 1),
                fmt(person[1], 1), fmt(location[0], 1), fmt(location[1], 1), fmt(person[2], 1), fmt(person[3], 1)));
    }

    /** The same data with lone first names reported too: what recall the false-positive rate buys. */
    private static String operatingPoints(List<Row> rows, List<String[]> prompts) {
        StringBuilder md = new StringBuilder("### Operating point: lone first names\n\n");
        md.append("A lone known first name with no cue around it (\"Scott is a very sympathetic person\", and equally "
                + "\"Janet's ducks lay 16 eggs\") is not reported by the rules by default. `new PiiDetector(true, null)` "
                + "reports it (rules only here, without the tagger, which learnt some such sentences):\n\n");
        md.append("| Setting | PERSON P | PERSON R | Request-level recall | False-positive rate |\n|---|---:|---:|---:|---:|\n");
        for (boolean bare : new boolean[] {false, true}) {
            double[] f = figures(Predictions.of(new PiiDetector(bare, null), rows, prompts), rows, DataClass.PERSON);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n",
                    bare ? "lone first names reported" : "default", fmt(f[0], 1), fmt(f[1], 1), fmt(f[2], 1),
                    fmt(f[3], 1)));
        }
        return md.append('\n').toString();
    }

    static String markdown(Path piiFile, Path promptsFile, List<Row> rows, List<String[]> prompts,
                           Predictions detector) {
        StringBuilder md = new StringBuilder();
        md.append("## PII detector\n\n");
        md.append(String.format(Locale.ROOT, "Data: `%s` (%d rows) for recall and precision, `%s` (%d prompts) for the "
                + "false-positive rate. Detector: `new PiiDetector()` (defaults: rules and name tagger), the tagger held out by "
                + "template (see \"Name tagger, held out\" below).%n%n", piiFile.getFileName(),
                rows.size(), promptsFile.getFileName(), prompts.size()));
        md.append("""
                **Labels.** The dataset's labels map to `DataClass` as EMAIL→EMAIL, PHONE→PHONE, CREDIT_CARD→CREDIT_CARD, \
                SSN (also other national/tax ids and passports)→NATIONAL_ID, IBAN→IBAN, IP_ADDRESS→IP_ADDRESS, \
                PERSON→PERSON, LOCATION→LOCATION, DATE_OF_BIRTH→DATE_OF_BIRTH, MEDICAL→MEDICAL. OTHER \
                (organisations, titles, ages, plain dates, domains, usernames, passwords, driver's licences, account \
                and routing numbers) is not scored; SECRET has no gold label and is not scored either. Offsets are \
                converted from code points to UTF-16.

                **Span matching.** Per type, on non-blank characters: a gold span counts as *found* when predicted \
                spans of the same type cover at least half of it; a predicted span counts as *correct* when gold \
                spans of the same type cover at least half of it (P = correct / predicted, R = found / gold). This \
                tolerates the dataset's inconsistent address segmentation (one span per address in some rows, one per \
                line in others). Stricter views: *IoU* — one-to-one matching of a prediction to a gold span of the \
                same type with intersection-over-union ≥ 0.5; *exact* — identical boundaries (after trimming blanks). \
                A prediction that sits on an OTHER span counts as a false positive (column "FP on OTHER").

                """);
        perType(rows, detector, md);
        requestLevel(rows, prompts, detector, md);
        return md.toString();
    }

    private static void perType(List<Row> rows, Predictions detector, StringBuilder md) {
        Map<DataClass, int[]> c = new EnumMap<>(DataClass.class); // gold, pred, found, correct, iouTp, exact, fpOther
        Map<DataClass, List<String>> misses = new EnumMap<>(DataClass.class);
        int secrets = 0;
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            List<Span> pred = detector.row(r);
            for (DataClass t : DataClass.values()) {
                List<Span> g = ofType(row.gold(), t);
                List<Span> p = ofType(pred, t);
                if (t == DataClass.SECRET) {
                    secrets += p.size();
                    continue;
                }
                if (g.isEmpty() && p.isEmpty()) {
                    continue;
                }
                int[] k = c.computeIfAbsent(t, x -> new int[7]);
                k[0] += g.size();
                k[1] += p.size();
                for (Span s : g) {
                    if (covered(row.text(), s, p)) {
                        k[2]++;
                    } else {
                        List<String> m = misses.computeIfAbsent(t, x -> new ArrayList<>());
                        if (m.size() < 4) {
                            m.add(snippet(row.text(), s));
                        }
                    }
                }
                for (Span s : p) {
                    if (covered(row.text(), s, g)) {
                        k[3]++;
                    } else if (overlapsAny(s, row.other())) {
                        k[6]++;
                    }
                }
                k[4] += iouMatches(g, p);
                k[5] += exactMatches(row.text(), g, p);
            }
        }
        md.append("### Per type\n\n");
        md.append("| Type | Gold | Predicted | P | R | F1 | F1 (IoU ≥ 0.5) | F1 (exact) | FP on OTHER |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<DataClass, int[]> e : c.entrySet()) {
            int[] k = e.getValue();
            double p = ratio(k[3], k[1]);
            double r = ratio(k[2], k[0]);
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %s | %s | %d |%n", e.getKey(), k[0],
                    k[1], fmt(p, k[1]), fmt(r, k[0]), fmt(f1(p, r), k[0] + k[1]),
                    fmt(f1(ratio(k[4], k[1]), ratio(k[4], k[0])), k[0] + k[1]),
                    fmt(f1(ratio(k[5], k[1]), ratio(k[5], k[0])), k[0] + k[1]), k[6]));
        }
        md.append(String.format(Locale.ROOT, "%nSECRET spans predicted on the PII file (unscored): %d.%n%n", secrets));
        md.append("Missed gold spans, first examples per type:\n\n");
        for (Map.Entry<DataClass, List<String>> e : misses.entrySet()) {
            md.append("- ").append(e.getKey()).append(": ").append(String.join(" · ", e.getValue())).append('\n');
        }
        md.append('\n');
    }

    private static void requestLevel(List<Row> rows, List<String[]> prompts, Predictions detector, StringBuilder md) {
        int withPii = 0;
        int flaggedAny = 0;
        int flaggedOnGold = 0;
        int otherOnly = 0;
        int otherOnlyFlagged = 0;
        int empty = 0;
        int emptyFlagged = 0;
        Map<String, int[]> bySource = new TreeMap<>();
        List<String> missedRows = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            List<Span> pred = detector.row(r);
            if (!row.gold().isEmpty()) {
                withPii++;
                int[] s = bySource.computeIfAbsent(row.source(), x -> new int[2]);
                s[0]++;
                if (!pred.isEmpty()) {
                    flaggedAny++;
                    s[1]++;
                } else if (missedRows.size() < 12) {
                    missedRows.add(row.id() + " (" + typesOf(row.gold()) + ")");
                }
                boolean onGold = false;
                for (Span p : pred) {
                    onGold |= overlapsAny(p, row.gold());
                }
                if (onGold) {
                    flaggedOnGold++;
                }
            } else if (!row.other().isEmpty()) {
                otherOnly++;
                otherOnlyFlagged += pred.isEmpty() ? 0 : 1;
            } else {
                empty++;
                emptyFlagged += pred.isEmpty() ? 0 : 1;
            }
        }
        md.append("### Request level\n\n");
        md.append(String.format(Locale.ROOT, """
                | Measure | Value |
                |---|---:|
                | PII recall: rows with ≥ 1 scored gold entity that get ≥ 1 detection of any class | %d / %d = %s |
                | … with a detection overlapping one of the row's gold entities | %d / %d = %s |
                | Rows whose only entities are OTHER (not in the recall denominator) flagged | %d / %d |
                | Rows without any entity flagged | %d / %d |
                """, flaggedAny, withPii, fmt(ratio(flaggedAny, withPii), withPii), flaggedOnGold, withPii,
                fmt(ratio(flaggedOnGold, withPii), withPii), otherOnlyFlagged, otherOnly, emptyFlagged, empty));
        for (Map.Entry<String, int[]> e : bySource.entrySet()) {
            md.append(String.format(Locale.ROOT, "| PII recall, source `%s` | %d / %d = %s |%n", e.getKey(),
                    e.getValue()[1], e.getValue()[0], fmt(ratio(e.getValue()[1], e.getValue()[0]), e.getValue()[0])));
        }
        int flagged = 0;
        Map<DataClass, Integer> flaggedTypes = new EnumMap<>(DataClass.class);
        List<String> examples = new ArrayList<>();
        for (int q = 0; q < prompts.size(); q++) {
            String[] p = prompts.get(q);
            List<PiiSpan> spans = detector.prompts().get(q);
            if (spans.isEmpty()) {
                continue;
            }
            flagged++;
            Set<DataClass> types = EnumSet.noneOf(DataClass.class);
            StringBuilder values = new StringBuilder();
            for (PiiSpan s : spans) {
                types.add(s.type());
                if (values.length() < 160) {
                    values.append(values.length() == 0 ? "" : " · ").append(s.type()).append(" `")
                            .append(clip(p[2].substring(s.start(), s.end()), 40)).append('`');
                }
            }
            types.forEach(t -> flaggedTypes.merge(t, 1, Integer::sum));
            if (examples.size() < MAX_EXAMPLES) {
                examples.add("| " + p[0] + " | " + p[1] + " | " + values + " |");
            }
        }
        md.append(String.format(Locale.ROOT, "| False-positive rate: prompts flagged with any class | %d / %d = %s |%n%n",
                flagged, prompts.size(), fmt(ratio(flagged, prompts.size()), prompts.size())));
        if (!missedRows.isEmpty()) {
            md.append("PII rows with no detection (first ").append(missedRows.size()).append("): ")
                    .append(String.join(", ", missedRows)).append(".\n\n");
        }
        if (flagged > 0) {
            md.append("Flagged prompts by class: ").append(flaggedTypes).append(". The flagged prompts, with what was "
                    + "flagged, to judge whether it is real personal data:\n\n");
            md.append("| Prompt | Source | Detections |\n|---|---|---|\n");
            examples.forEach(e -> md.append(e).append('\n'));
            md.append('\n');
        }
    }

    private static List<Span> ofType(List<Span> spans, DataClass t) {
        List<Span> out = new ArrayList<>();
        for (Span s : spans) {
            if (s.type() == t) {
                out.add(s);
            }
        }
        return out;
    }

    /** At least half of span's non-blank chars lie inside the union of others. */
    private static boolean covered(String text, Span span, List<Span> others) {
        int total = 0;
        int inside = 0;
        for (int i = span.start(); i < span.end(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                continue;
            }
            total++;
            for (Span o : others) {
                if (o.start() <= i && i < o.end()) {
                    inside++;
                    break;
                }
            }
        }
        return total > 0 && inside * 2 >= total;
    }

    private static int iouMatches(List<Span> gold, List<Span> pred) {
        boolean[] used = new boolean[pred.size()];
        int tp = 0;
        for (Span g : gold) {
            int best = -1;
            double bestIou = 0.5;
            for (int i = 0; i < pred.size(); i++) {
                Span p = pred.get(i);
                int inter = Math.min(g.end(), p.end()) - Math.max(g.start(), p.start());
                if (used[i] || inter <= 0) {
                    continue;
                }
                double iou = (double) inter / (Math.max(g.end(), p.end()) - Math.min(g.start(), p.start()));
                if (iou >= bestIou) {
                    bestIou = iou;
                    best = i;
                }
            }
            if (best >= 0) {
                used[best] = true;
                tp++;
            }
        }
        return tp;
    }

    private static int exactMatches(String text, List<Span> gold, List<Span> pred) {
        int tp = 0;
        for (Span g : gold) {
            for (Span p : pred) {
                if (text.substring(g.start(), g.end()).strip().equals(text.substring(p.start(), p.end()).strip())
                        && Math.abs(g.start() - p.start()) < 4) {
                    tp++;
                    break;
                }
            }
        }
        return tp;
    }

    private static boolean overlapsAny(Span s, List<Span> others) {
        for (Span o : others) {
            if (o.start() < s.end() && s.start() < o.end()) {
                return true;
            }
        }
        return false;
    }

    private static String typesOf(List<Span> spans) {
        Set<DataClass> t = EnumSet.noneOf(DataClass.class);
        spans.forEach(s -> t.add(s.type()));
        return t.toString().replaceAll("[\\[\\]]", "");
    }

    private static String snippet(String text, Span s) {
        return "`" + clip(text.substring(s.start(), s.end()), 40) + "`";
    }

    private static String clip(String s, int max) {
        String one = s.replace('\n', ' ').replace('|', '/').replace('`', '\'');
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }

    private static double ratio(int a, int b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    private static double f1(double p, double r) {
        return Double.isNaN(p) || Double.isNaN(r) || p + r == 0 ? (Double.isNaN(p) || Double.isNaN(r) ? Double.NaN : 0)
                : 2 * p * r / (p + r);
    }

    private static String fmt(double v, int n) {
        return n == 0 || Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    static List<Row> readPii(Path file) {
        ObjectMapper json = new ObjectMapper();
        List<Row> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = json.readTree(line);
                String text = n.path("text").asText();
                List<Span> gold = new ArrayList<>();
                List<Span> other = new ArrayList<>();
                for (JsonNode e : n.path("entities")) {
                    int cpLength = text.codePointCount(0, text.length());
                    int s = Math.min(e.path("start").asInt(), cpLength);
                    int en = Math.min(e.path("end").asInt(), cpLength);
                    // code points to UTF-16 offsets
                    int us = text.offsetByCodePoints(0, s);
                    int ue = text.offsetByCodePoints(us, en - s);
                    DataClass t = LABELS.get(e.path("type").asText());
                    if (t == null) {
                        other.add(new Span(null, us, ue));
                    } else if (ue > us) {
                        gold.add(new Span(t, us, ue));
                    }
                }
                rows.add(new Row(n.path("id").asText(), n.path("source").asText(), text, gold, other));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    static List<String[]> readPrompts(Path file) {
        ObjectMapper json = new ObjectMapper();
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = json.readTree(line);
                String text = n.has("prompt") ? n.path("prompt").asText() : n.path("text").asText();
                rows.add(new String[] {n.path("id").asText(), n.path("source").asText(), text});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
