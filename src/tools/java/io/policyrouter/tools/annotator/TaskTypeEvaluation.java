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

    /** A Markdown section ("## Task type") with every figure, for the rows of {@code file}. */
    public static String markdown(Path file) {
        List<TrainTaskClassifier.Row> rows;
        try {
            rows = TrainTaskClassifier.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LinearModel shipped = LinearModel.resource(TaskClassifier.RESOURCE);
        Scored scored = score(rows, shipped, TrainTaskClassifier.Params.DEFAULT);
        return render(file, rows, scored, shipped);
    }

    /** Predictions for every row, plus which rows were scored by cross-validation. */
    public record Scored(List<TaskPrediction> predictions, boolean[] crossValidated, List<TaskPrediction> argmaxOnly,
                         List<double[]> probabilities) {
    }

    public static Scored score(List<TrainTaskClassifier.Row> rows, LinearModel shipped,
                               TrainTaskClassifier.Params params) {
        int n = rows.size();
        TaskPrediction[] pred = new TaskPrediction[n];
        TaskPrediction[] plain = new TaskPrediction[n];
        double[][] probs = new double[n][];
        boolean[] cv = new boolean[n];
        List<Integer> seen = new ArrayList<>();
        TaskClassifier main = new TaskClassifier(shipped);
        for (int i = 0; i < n; i++) {
            if (shipped.trainedOn(rows.get(i).prompt())) {
                seen.add(i);
                cv[i] = true;
            } else {
                TextFeatures f = TextFeatures.of(rows.get(i).prompt());
                probs[i] = main.probabilities(f);
                pred[i] = main.classify(f);
                plain[i] = main.decide(probs[i], PLAIN_ARGMAX);
            }
        }
        if (!seen.isEmpty()) {
            int[] fold = stratifiedFolds(seen.stream().map(i -> rows.get(i).label()).toList(), FOLDS, SEED);
            for (int k = 0; k < FOLDS; k++) {
                List<TrainTaskClassifier.Row> train = new ArrayList<>();
                for (int j = 0; j < seen.size(); j++) {
                    if (fold[j] != k) {
                        train.add(rows.get(seen.get(j)));
                    }
                }
                if (train.isEmpty()) {
                    continue;
                }
                LinearModel m = TrainTaskClassifier.train(train, params);
                TaskClassifier c = new TaskClassifier(m);
                for (int j = 0; j < seen.size(); j++) {
                    if (fold[j] == k) {
                        int i = seen.get(j);
                        TextFeatures f = TextFeatures.of(rows.get(i).prompt());
                        probs[i] = c.probabilities(f);
                        pred[i] = c.classify(f);
                        plain[i] = c.decide(probs[i], PLAIN_ARGMAX);
                    }
                }
            }
        }
        return new Scored(List.of(pred), cv, List.of(plain), List.of(probs));
    }

    /** A capability threshold no probability sum reaches: the plain argmax rule. */
    private static final double PLAIN_ARGMAX = 2;

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

    private static String render(Path file, List<TrainTaskClassifier.Row> rows, Scored s, LinearModel shipped) {
        List<TaskType> gold = rows.stream().map(TrainTaskClassifier.Row::label).toList();
        List<TaskType> pred = s.predictions().stream().map(TaskPrediction::type).toList();
        List<TaskType> plain = s.argmaxOnly().stream().map(TaskPrediction::type).toList();
        Metrics m = metrics(gold, pred);
        Metrics mp = metrics(gold, plain);
        int cvRows = 0;
        for (boolean b : s.crossValidated()) {
            if (b) {
                cvRows++;
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("## Task type\n\n");
        md.append(String.format(Locale.ROOT, "Data: `%s`, %d rows. Model: `annotate/task-type.model` "
                        + "(trained on %d rows; %s).%n%n", file.getFileName(), rows.size(), shipped.fingerprintSize(),
                shipped.meta("params")));
        md.append(String.format(Locale.ROOT, "How rows were scored: %d rows were in the shipped model's training "
                        + "fingerprint and are scored by %d-fold cross-validation among those rows (folds stratified "
                        + "by label, shuffled with seed %d; every fold model is trained with the shipped settings on "
                        + "the other folds and never sees the rows it scores). The other %d rows were never seen by the"
                        + " shipped model and are scored by it.%n%n",
                cvRows, FOLDS, SEED, rows.size() - cvRows));
        md.append("| figure | value |\n|---|---|\n");
        md.append(row("accuracy", m.accuracy()));
        md.append(row("macro-F1 (mean over labels present in the file)", m.macroF1()));
        md.append(row("capability-group recall", m.groupRecall()));
        md.append(row("capability-group precision", m.groupPrecision()));
        for (TaskType t : List.of(TaskType.CODE, TaskType.MATH, TaskType.REASONING, TaskType.EXTRACTION)) {
            double[] v = m.perLabel().get(t);
            md.append(row("recall " + t.wire(), v == null || v[3] == 0 ? Double.NaN : v[1]));
        }
        md.append(row("accuracy, plain argmax (no capability preference)", mp.accuracy()));
        md.append(row("capability-group recall / precision, plain argmax",
                mp.groupRecall(), mp.groupPrecision()));
        md.append("\n");
        md.append("Capability-sensitive figures: the positive group is {code, math, reasoning, extraction}. "
                + "*Group recall* = of the rows whose gold label is in the group, the share predicted as any group "
                + "member (a reasoning prompt predicted as math counts as found). *Group precision* = of the rows "
                + "predicted as a group member, the share whose gold label is in the group. The classifier picks the "
                + "most probable group member whenever the group's summed probability reaches "
                + String.format(Locale.ROOT, "%.2f", new TaskClassifier(shipped).capabilityThreshold())
                + " (a missed capability prompt is taken to cost three times an over-served one; this value was chosen after reading the trade-off table below, so the figures at it are slightly optimistic); the plain-argmax rows "
                + "show the same models without that rule.\n\n");
        md.append("Trade-off of the capability threshold (same held-out probabilities):\n\n"
                + "| threshold | accuracy | group recall | group precision |\n|---|---|---|---|\n");
        TaskClassifier probe = new TaskClassifier(shipped);
        List<TextFeatures> features = rows.stream().map(r -> TextFeatures.of(r.prompt())).toList();
        for (double t : new double[] {0.2, 0.25, 1.0 / 3, 0.4, 0.5}) {
            List<TaskType> tp = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                tp.add(probe.decide(features.get(i), s.probabilities().get(i), t).type());
            }
            Metrics mt = metrics(gold, tp);
            md.append(String.format(Locale.ROOT, "| %.2f | %.3f | %.3f | %.3f |%n", t, mt.accuracy(), mt.groupRecall(),
                    mt.groupPrecision()));
        }
        md.append("\n### Per label\n\n| label | precision | recall | F1 | support | predicted |\n|---|---|---|---|---|---|\n");
        for (Map.Entry<TaskType, double[]> e : m.perLabel().entrySet()) {
            double[] v = e.getValue();
            md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %d | %d |%n", e.getKey().wire(), v[0],
                    v[1], v[2], (int) v[3], (int) v[4]));
        }
        md.append("\n### Confusion matrix\n\nRows: gold label; columns: predicted.\n\n");
        List<TaskType> used = new ArrayList<>(m.perLabel().keySet());
        md.append("| gold \\ predicted |");
        for (TaskType t : used) {
            md.append(' ').append(t.wire()).append(" |");
        }
        md.append("\n|---|");
        md.append("---|".repeat(used.size()));
        md.append('\n');
        for (TaskType g : used) {
            md.append("| ").append(g.wire()).append(" |");
            for (TaskType p : used) {
                int c = m.confusion()[g.ordinal()][p.ordinal()];
                md.append(' ').append(c == 0 ? "·" : Integer.toString(c)).append(" |");
            }
            md.append('\n');
        }
        md.append("\n### By source and language\n\n| group | rows | accuracy | capability recall |\n|---|---|---|---|\n");
        breakdown(md, rows, pred, "source");
        breakdown(md, rows, pred, "lang");
        md.append('\n');
        return md.toString();
    }

    private static void breakdown(StringBuilder md, List<TrainTaskClassifier.Row> rows, List<TaskType> pred,
                                  String key) {
        Map<String, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            TrainTaskClassifier.Row r = rows.get(i);
            groups.computeIfAbsent(key.equals("source") ? "source " + r.source() : "language " + r.lang(),
                    x -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<String, List<Integer>> e : groups.entrySet()) {
            List<TaskType> g = new ArrayList<>(), p = new ArrayList<>();
            for (int i : e.getValue()) {
                g.add(rows.get(i).label());
                p.add(pred.get(i));
            }
            Metrics m = metrics(g, p);
            md.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %s |%n", e.getKey(), g.size(), m.accuracy(),
                    Double.isNaN(m.groupRecall()) ? "–" : String.format(Locale.ROOT, "%.3f", m.groupRecall())));
        }
    }

    private static String row(String name, double... values) {
        StringBuilder sb = new StringBuilder("| ").append(name).append(" | ");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(" / ");
            }
            sb.append(Double.isNaN(values[i]) ? "–" : String.format(Locale.ROOT, "%.3f", values[i]));
        }
        return sb.append(" |\n").toString();
    }

    /** Labels of the capability group, for callers that render their own tables. */
    public static Set<TaskType> capabilityGroup() {
        return EnumSet.copyOf(TaskClassifier.CAPABILITY_GROUP);
    }
}
