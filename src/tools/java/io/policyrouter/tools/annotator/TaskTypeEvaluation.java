package io.policyrouter.tools.annotator;


import io.policyrouter.annotate.model.LinearModel;
import io.policyrouter.annotate.shape.TextFeatures;
import io.policyrouter.annotate.task.TaskClassifier;
import io.policyrouter.vocabulary.TaskPrediction;
import io.policyrouter.vocabulary.TaskType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Measures the task-type classifier on any labelled file (same format as task_types_dev.jsonl) and renders a
 * Markdown section. Honest by construction: a row the shipped model was trained on (its text is in the model's
 * fingerprint) is scored by a cross-validation model that never saw it; every other row by the shipped model.
 *
 * <pre>TaskTypeEvaluation [data.jsonl] [--out file.md]</pre>
 */
public final class TaskTypeEvaluation {

    public static final int FOLDS = 5;
    public static final long SEED = 20_240_611L;

    private TaskTypeEvaluation() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(TrainTaskClassifier.DEFAULT_DATA);
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out")) {
                out = Path.of(args[++i]);
            } else {
                data = Path.of(args[i]);
            }
        }
        String md = markdown(data);
        if (out == null) {
            System.out.print(md);
        } else {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, md, StandardCharsets.UTF_8);
            System.out.println("wrote " + out);
        }
    }

    /** The headline figures of a run, for the report's target table, and the Markdown section. */
    public record Report(String markdown, Metrics heldOut, double ece, double effectiveRecall, Metrics randomSplit,
                         double threshold) {
    }

    /** A Markdown section ("## Task type") with every figure, for the rows of {@code file}. */
    public static String markdown(Path file) {
        return report(file).markdown();
    }

    /**
     * Scores every row of {@code file} honestly: rows the shipped model was trained on by leave-one-source-out
     * models (the headline) and, for comparison, by random stratified folds; rows it never saw by the shipped model.
     */
    public static Report report(Path file) {
        List<TrainTaskClassifier.Row> rows;
        List<TrainTaskClassifier.Row> extra;
        try {
            rows = TrainTaskClassifier.read(file);
            Path handmade = Path.of(TrainTaskClassifier.HANDMADE);
            extra = Files.exists(handmade) ? TrainTaskClassifier.read(handmade) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LinearModel shipped = LinearModel.resource(TaskClassifier.RESOURCE);
        TrainTaskClassifier.Params params = TrainTaskClassifier.Params.DEFAULT;
        List<TrainTaskClassifier.Row> seen = new ArrayList<>();
        List<Integer> seenAt = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (shipped.trainedOn(rows.get(i).prompt())) {
                seen.add(rows.get(i));
                seenAt.add(i);
            }
        }
        TaskClassifier main = new TaskClassifier(shipped);
        int n = rows.size();
        double[][] probs = new double[n][];
        TaskPrediction[] held = new TaskPrediction[n];
        TaskPrediction[] cv = new TaskPrediction[n];
        for (int i = 0; i < n; i++) {
            if (!shipped.trainedOn(rows.get(i).prompt())) {
                TextFeatures f = TextFeatures.of(rows.get(i).prompt());
                probs[i] = main.probabilities(f);
                held[i] = main.decide(f, probs[i], main.capabilityThreshold());
                cv[i] = held[i];
            }
        }
        if (!seen.isEmpty()) {
            double[][] loso = leaveOneSourceOut(seen, extra, params);
            double[][] random = randomSplit(seen, extra, params);
            TaskPrediction[] heldSeen = nestedCalibrated(seen, loso, shipped, params.capabilityThreshold());
            TaskPrediction[] cvSeen = nestedCalibrated(seen, random, shipped, params.capabilityThreshold());
            for (int j = 0; j < seen.size(); j++) {
                int i = seenAt.get(j);
                probs[i] = loso[j];
                held[i] = heldSeen[j];
                cv[i] = cvSeen[j];
            }
        }
        return render(file, rows, extra, seen.size(), List.of(held), List.of(cv), probs, shipped);
    }

    /**
     * Decisions with a confidence calibration fitted without the row's own source: for each source, the calibration
     * is fitted on the held-out probabilities of the other sources' rows and applied to this source's rows.
     */
    static TaskPrediction[] nestedCalibrated(List<TrainTaskClassifier.Row> rows, double[][] probs, LinearModel model,
                                             double threshold) {
        TaskPrediction[] out = new TaskPrediction[rows.size()];
        for (String source : rows.stream().map(TrainTaskClassifier.Row::source).distinct().toList()) {
            List<TrainTaskClassifier.Row> others = new ArrayList<>();
            List<double[]> otherProbs = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (!rows.get(i).source().equals(source)) {
                    others.add(rows.get(i));
                    otherProbs.add(probs[i]);
                }
            }
            double[] cal = TrainTaskClassifier.fitCalibration(others, otherProbs.toArray(new double[0][]), model,
                    threshold);
            Map<String, String> meta = TrainTaskClassifier.withCalibration(model.meta(), cal);
            TaskClassifier c = new TaskClassifier(model.withMeta(meta));
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).source().equals(source)) {
                    out[i] = c.decide(TextFeatures.of(rows.get(i).prompt()), probs[i], threshold);
                }
            }
        }
        return out;
    }

    /**
     * Leave-one-source-out probabilities: each row is scored by a model trained with {@code params} on every row of
     * the other sources plus {@code extra} (rows that are never scored, e.g. hand-written prompts). The honest figure
     * for traffic unlike any training source.
     */
    public static double[][] leaveOneSourceOut(List<TrainTaskClassifier.Row> rows, List<TrainTaskClassifier.Row> extra,
                                               TrainTaskClassifier.Params params) {
        List<String> sources = rows.stream().map(TrainTaskClassifier.Row::source).distinct().sorted().toList();
        double[][] probs = new double[rows.size()][];
        sources.parallelStream().forEach(source -> {
            List<TrainTaskClassifier.Row> train = new ArrayList<>(extra);
            for (TrainTaskClassifier.Row r : rows) {
                if (!r.source().equals(source)) {
                    train.add(r);
                }
            }
            TaskClassifier c = new TaskClassifier(TrainTaskClassifier.train(train, params));
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).source().equals(source)) {
                    probs[i] = c.probabilities(TextFeatures.of(rows.get(i).prompt()));
                }
            }
        });
        return probs;
    }

    /** Random-split probabilities: stratified k-fold over {@code rows}, {@code extra} always in training. */
    public static double[][] randomSplit(List<TrainTaskClassifier.Row> rows, List<TrainTaskClassifier.Row> extra,
                                         TrainTaskClassifier.Params params) {
        int[] fold = stratifiedFolds(rows.stream().map(TrainTaskClassifier.Row::label).toList(), FOLDS, SEED);
        double[][] probs = new double[rows.size()][];
        java.util.stream.IntStream.range(0, FOLDS).parallel().forEach(k -> {
            List<TrainTaskClassifier.Row> train = new ArrayList<>(extra);
            for (int i = 0; i < rows.size(); i++) {
                if (fold[i] != k) {
                    train.add(rows.get(i));
                }
            }
            TaskClassifier c = new TaskClassifier(TrainTaskClassifier.train(train, params));
            for (int i = 0; i < rows.size(); i++) {
                if (fold[i] == k) {
                    probs[i] = c.probabilities(TextFeatures.of(rows.get(i).prompt()));
                }
            }
        });
        return probs;
    }

    /**
     * Expected calibration error of reported confidences against correctness: |mean confidence − accuracy| per
     * equal-width bin, weighted by the bin's share of rows. Returns {ECE, then per bin: rows, mean confidence,
     * accuracy} for a reliability diagram.
     */
    public static double[] calibration(double[] confidence, boolean[] correct, int bins) {
        double[] out = new double[1 + 3 * bins];
        int[] count = new int[bins];
        double[] conf = new double[bins];
        double[] right = new double[bins];
        for (int i = 0; i < confidence.length; i++) {
            int b = Math.min(bins - 1, (int) (confidence[i] * bins));
            count[b]++;
            conf[b] += confidence[i];
            right[b] += correct[i] ? 1 : 0;
        }
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            out[1 + 3 * b] = count[b];
            if (count[b] > 0) {
                out[2 + 3 * b] = conf[b] / count[b];
                out[3 + 3 * b] = right[b] / count[b];
                ece += (double) count[b] / confidence.length * Math.abs(conf[b] / count[b] - right[b] / count[b]);
            }
        }
        out[0] = ece;
        return out;
    }

    /**
     * Fold of each item: items are shuffled within their label with a seeded Random, then dealt round-robin, the
     * dealing position carrying over from label to label so folds stay the same size.
     */
    public static int[] stratifiedFolds(List<TaskType> labels, int folds, long seed) {
        Map<TaskType, List<Integer>> byLabel = new TreeMap<>();
        for (int i = 0; i < labels.size(); i++) {
            byLabel.computeIfAbsent(labels.get(i), t -> new ArrayList<>()).add(i);
        }
        Random random = new Random(seed);
        int[] fold = new int[labels.size()];
        int deal = 0;
        for (List<Integer> items : byLabel.values()) {
            Collections.shuffle(items, random);
            for (int i : items) {
                fold[i] = deal++ % folds;
            }
        }
        return fold;
    }

    // ---------------------------------------------------------------- metrics

    /** Figures of one set of predictions. */
    public record Metrics(int n, double accuracy, double macroF1, double groupRecall, double groupPrecision,
                          Map<TaskType, double[]> perLabel, int[][] confusion) {
    }

    public static Metrics metrics(List<TaskType> gold, List<TaskType> pred) {
        int k = TaskType.values().length;
        int[][] conf = new int[k][k];
        int correct = 0;
        int groupGold = 0, groupFound = 0, groupPred = 0, groupPredRight = 0;
        for (int i = 0; i < gold.size(); i++) {
            TaskType g = gold.get(i), p = pred.get(i);
            conf[g.ordinal()][p.ordinal()]++;
            if (g == p) {
                correct++;
            }
            boolean gIn = TaskClassifier.CAPABILITY_GROUP.contains(g);
            boolean pIn = TaskClassifier.CAPABILITY_GROUP.contains(p);
            if (gIn) {
                groupGold++;
                if (pIn) {
                    groupFound++;
                }
            }
            if (pIn) {
                groupPred++;
                if (gIn) {
                    groupPredRight++;
                }
            }
        }
        Map<TaskType, double[]> per = new TreeMap<>();
        double f1Sum = 0;
        int present = 0;
        for (TaskType t : TaskType.values()) {
            int tp = conf[t.ordinal()][t.ordinal()];
            int support = 0, predicted = 0;
            for (int j = 0; j < k; j++) {
                support += conf[t.ordinal()][j];
                predicted += conf[j][t.ordinal()];
            }
            if (support == 0 && predicted == 0) {
                continue;
            }
            double precision = predicted == 0 ? 0 : (double) tp / predicted;
            double recall = support == 0 ? 0 : (double) tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            per.put(t, new double[] {precision, recall, f1, support, predicted});
            if (support > 0) {
                f1Sum += f1;
                present++;
            }
        }
        return new Metrics(gold.size(), gold.isEmpty() ? 0 : (double) correct / gold.size(),
                present == 0 ? 0 : f1Sum / present,
                groupGold == 0 ? Double.NaN : (double) groupFound / groupGold,
                groupPred == 0 ? Double.NaN : (double) groupPredRight / groupPred, per, conf);
    }

    // ---------------------------------------------------------------- rendering

    /** The policy's "uncertain task type errs toward capability" threshold (router.policy.uncertain-confidence). */
    static final double UNCERTAIN = 0.45;

    private static Report render(Path file, List<TrainTaskClassifier.Row> rows, List<TrainTaskClassifier.Row> extra,
                                 int seen, List<TaskPrediction> held, List<TaskPrediction> cv, double[][] probs,
                                 LinearModel shipped) {
        List<TaskType> gold = rows.stream().map(TrainTaskClassifier.Row::label).toList();
        List<TaskType> pred = held.stream().map(TaskPrediction::type).toList();
        Metrics m = metrics(gold, pred);
        Metrics mc = metrics(gold, cv.stream().map(TaskPrediction::type).toList());
        double[] cal = calibration(held, gold);
        double[] calCv = calibration(cv, gold);
        double effective = effectiveRecall(held, gold);
        TaskClassifier probe = new TaskClassifier(shipped);
        StringBuilder md = new StringBuilder();
        md.append("## Task type\n\n");
        md.append(String.format(Locale.ROOT, "Data: `%s`, %d rows. Model: `annotate/task-type.model` (trained on %d "
                        + "rows: the dev rows plus %d hand-written prompts; `%s`).%n%n", file.getFileName(), rows.size(),
                shipped.fingerprintSize(), extra.size(), shipped.meta("params")));
        md.append(String.format(Locale.ROOT, "**How rows were scored.** %d rows were in the shipped model's training "
                + "fingerprint. The headline scores each of them with a model trained on every *other source* (leave "
                + "one source out: train on all sources but one, test on it; the hand-written prompts are always in "
                + "training and never scored), and reports its confidence through a calibration fitted without that "
                + "source either. That is the figure that predicts traffic from a source nobody trained on. For "
                + "comparison, *random split* scores the same rows by %d stratified random folds (seed %d), where "
                + "every source is in training; the gap between the two is how much a random split overstates. "
                + "The other %d rows were never seen in training and are scored by the shipped model in both "
                + "columns.%n%n", seen, FOLDS, SEED, rows.size() - seen));
        md.append("| figure | leave one source out (headline) | random split |\n|---|---|---|\n");
        md.append(row2("accuracy", m.accuracy(), mc.accuracy()));
        md.append(row2("macro-F1 (labels present in the file)", m.macroF1(), mc.macroF1()));
        md.append(row2("capability-group recall", m.groupRecall(), mc.groupRecall()));
        md.append(row2("capability-group precision", m.groupPrecision(), mc.groupPrecision()));
        md.append(row2("capability recall counting uncertain predictions (confidence < 0.45)", effective,
                effectiveRecall(cv, gold)));
        md.append(row2("expected calibration error of the confidence (10 bins)", cal[0], calCv[0]));
        md.append(row2("share of requests with confidence < 0.45", share(held, UNCERTAIN), share(cv, UNCERTAIN)));
        md.append(row2("accuracy of those", accuracyBelow(held, gold, UNCERTAIN, true),
                accuracyBelow(cv, gold, UNCERTAIN, true)));
        md.append(row2("accuracy of the rest", accuracyBelow(held, gold, UNCERTAIN, false),
                accuracyBelow(cv, gold, UNCERTAIN, false)));
        md.append("\n");
        md.append("Capability-sensitive figures: the positive group is {code, math, reasoning, extraction}. *Group "
                + "recall* = of the rows whose gold label is in the group, the share predicted as any group member; "
                + "*group precision* = of the rows predicted as a group member, the share whose gold label is in it. "
                + "The policy also sends a request whose task confidence is below 0.45 toward capability "
                + "(`router.policy.uncertain-confidence`), so the row *counting uncertain predictions* is the share "
                + "of capability prompts that reach a capable model either way. The classifier picks the most "
                + "probable group member whenever the group's summed probability reaches "
                + String.format(Locale.ROOT, "%.2f", probe.capabilityThreshold())
                + ", chosen on the leave-one-source-out trade-off below.\n\n");
        md.append("### By held-out source\n\n| source (held out) | rows | accuracy | random-split accuracy | "
                + "capability recall | ECE |\n|---|---|---|---|---|---|\n");
        Map<String, List<Integer>> bySource = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            bySource.computeIfAbsent(rows.get(i).source(), k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<String, List<Integer>> e : bySource.entrySet()) {
            List<TaskType> g = new ArrayList<>(), p = new ArrayList<>(), c = new ArrayList<>();
            List<TaskPrediction> hp = new ArrayList<>();
            for (int i : e.getValue()) {
                g.add(gold.get(i));
                p.add(pred.get(i));
                c.add(cv.get(i).type());
                hp.add(held.get(i));
            }
            Metrics ms = metrics(g, p);
            md.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %s | %.3f |%n", e.getKey(), g.size(),
                    ms.accuracy(), metrics(g, c).accuracy(), fmt(ms.groupRecall()), calibration(hp, g)[0]));
        }
        md.append("\nBELLE's \"rewrite\" rows that ask for a translation are labelled `other` in the dev file; the "
                + "opening-imperative rule calls them `translation`, which is what they are: part of BELLE's error "
                + "is that label. TruthfulQA is the only source of `factual_qa` rows, so held out it is judged on "
                + "the hand-written examples alone.\n\n");
        md.append("### Reliability diagram (leave one source out)\n\nReported confidence against the share right, "
                + "per confidence bin; a calibrated classifier has the two columns equal. `#` = share right, `·` = "
                + "the gap up to the mean confidence.\n\n| confidence bin | rows | mean confidence | share right | |\n"
                + "|---|---|---|---|---|\n");
        for (int b = 0; b < 10; b++) {
            int count = (int) cal[1 + 3 * b];
            if (count == 0) {
                continue;
            }
            double conf = cal[2 + 3 * b], acc = cal[3 + 3 * b];
            int bars = (int) Math.round(acc * 20), want = (int) Math.round(conf * 20);
            String bar = "#".repeat(bars) + "·".repeat(Math.max(0, want - bars));
            md.append(String.format(Locale.ROOT, "| %.1f–%.1f | %d | %.3f | %.3f | `%s` |%n", b / 10.0, (b + 1) / 10.0,
                    count, conf, acc, bar));
        }
        md.append("\n### Capability threshold (leave one source out)\n\n| threshold | accuracy | group recall | group "
                + "precision | recall counting uncertain |\n|---|---|---|---|---|\n");
        List<TextFeatures> features = rows.stream().map(r -> TextFeatures.of(r.prompt())).toList();
        for (double t : new double[] {0.15, 0.2, 0.25, 0.3, 0.4, 0.5}) {
            List<TaskPrediction> tp = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                tp.add(probe.decide(features.get(i), probs[i], t));
            }
            Metrics mt = metrics(gold, tp.stream().map(TaskPrediction::type).toList());
            md.append(String.format(Locale.ROOT, "| %.2f%s | %.3f | %.3f | %.3f | %.3f |%n", t,
                    Math.abs(t - probe.capabilityThreshold()) < 1e-9 ? " (shipped)" : "", mt.accuracy(),
                    mt.groupRecall(), mt.groupPrecision(), effectiveRecall(tp, gold)));
        }
        md.append("\nThe last column uses the shipped calibration's confidences.\n");
        md.append("\n### Per label (leave one source out)\n\n| label | precision | recall | F1 | support | predicted |\n"
                + "|---|---|---|---|---|---|\n");
        for (Map.Entry<TaskType, double[]> e : m.perLabel().entrySet()) {
            double[] v = e.getValue();
            md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %d | %d |%n", e.getKey().wire(), v[0],
                    v[1], v[2], (int) v[3], (int) v[4]));
        }
        md.append("\n### Confusion matrix (leave one source out)\n\nRows: gold label; columns: predicted.\n\n");
        List<TaskType> used = new ArrayList<>(m.perLabel().keySet());
        md.append("| gold \\ predicted |");
        for (TaskType t : used) {
            md.append(' ').append(t.wire()).append(" |");
        }
        md.append("\n|---|").append("---|".repeat(used.size())).append('\n');
        for (TaskType g : used) {
            md.append("| ").append(g.wire()).append(" |");
            for (TaskType p : used) {
                int c = m.confusion()[g.ordinal()][p.ordinal()];
                md.append(' ').append(c == 0 ? "·" : Integer.toString(c)).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
        return new Report(md.toString(), m, cal[0], effective, mc, probe.capabilityThreshold());
    }

    static double[] calibration(List<TaskPrediction> p, List<TaskType> gold) {
        double[] conf = new double[p.size()];
        boolean[] ok = new boolean[p.size()];
        for (int i = 0; i < conf.length; i++) {
            conf[i] = p.get(i).confidence();
            ok[i] = p.get(i).type() == gold.get(i);
        }
        return calibration(conf, ok, 10);
    }

    /** Of the capability prompts, the share predicted as capability or predicted with confidence below 0.45. */
    public static double effectiveRecall(List<TaskPrediction> p, List<TaskType> gold) {
        int in = 0, found = 0;
        for (int i = 0; i < p.size(); i++) {
            if (TaskClassifier.CAPABILITY_GROUP.contains(gold.get(i))) {
                in++;
                if (TaskClassifier.CAPABILITY_GROUP.contains(p.get(i).type()) || p.get(i).confidence() < UNCERTAIN) {
                    found++;
                }
            }
        }
        return in == 0 ? Double.NaN : (double) found / in;
    }

    private static double share(List<TaskPrediction> p, double below) {
        return p.stream().filter(x -> x.confidence() < below).count() / (double) Math.max(1, p.size());
    }

    private static double accuracyBelow(List<TaskPrediction> p, List<TaskType> gold, double t, boolean below) {
        int n = 0, ok = 0;
        for (int i = 0; i < p.size(); i++) {
            if ((p.get(i).confidence() < t) == below) {
                n++;
                ok += p.get(i).type() == gold.get(i) ? 1 : 0;
            }
        }
        return n == 0 ? Double.NaN : (double) ok / n;
    }

    private static String row2(String name, double a, double b) {
        return String.format(Locale.ROOT, "| %s | %s | %s |%n", name, fmt(a), fmt(b));
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** Labels of the capability group, for callers that render their own tables. */
    public static Set<TaskType> capabilityGroup() {
        return EnumSet.copyOf(TaskClassifier.CAPABILITY_GROUP);
    }
}
