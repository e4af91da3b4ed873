package io.policyrouter.tools.annotator;


import io.policyrouter.annotate.model.DifficultyModel;
import io.policyrouter.annotate.task.DifficultyScorer;
import io.policyrouter.annotate.task.TaskClassifier;
import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * How well the difficulty score routes between a strong and a weak model, on any file of recorded outcomes
 * (routing_outcomes_dev.jsonl format), against random routing and routing by prompt length, on the same rows.
 *
 * <pre>RoutingQualityEvaluation [--data ../shared/data/routing_outcomes_dev.jsonl] [--out docs/routing-quality.md]</pre>
 * Also writes a PNG beside the Markdown (same name, .png).
 *
 * <p>Held-out figures only: a row whose text is in the shipped model's training fingerprint is scored by a
 * group-k-fold model that never saw its group (each MMLU subject — more generally each (benchmark, domain) pair —
 * is one group; rows without a domain, e.g. GSM8K, are dealt into the folds at random); other rows are scored by the
 * shipped model. Fold models are trained with the shipped settings; their ranking logits are mapped through the
 * shipped model's calibration, so all held-out scores share one scale and one order. Curve definitions:
 * {@link RoutingCurves}.
 */
public final class RoutingQualityEvaluation {

    public static final int FOLDS = 10;
    public static final long SEED = 20_240_611L;
    private static final double[] TABLE_SHARES = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

    private RoutingQualityEvaluation() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(TrainDifficulty.DEFAULT_DATA);
        Path out = Path.of("docs/routing-quality.md");
        Path tasks = Path.of(TrainTaskClassifier.DEFAULT_DATA);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--tasks" -> tasks = Path.of(args[++i]);
                default -> data = Path.of(args[i]);
            }
        }
        List<TrainDifficulty.Row> rows = TrainDifficulty.read(data);
        HeldOut held = heldOutScores(rows);
        String png = out.getFileName().toString().replaceFirst("\\.md$", "") + ".png";
        Path pngPath = out.resolveSibling(png);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Map<String, List<Integer>> sets = benchmarkSets(rows);
        writePlot(pngPath, rows, held.scores(), sets);
        // The same rows through the whole policy (rules + decision tables) with a two-model catalog.
        String replay = PolicyReplay.markdown(rows, held.scores(), sets);
        double[] lobo = leaveOneBenchmarkOut(rows, DifficultyModel.resource(DifficultyScorer.RESOURCE),
                new TaskClassifier(), TrainDifficulty.Params.DEFAULT);
        String headline = headline(rows, held, lobo, sets, Files.exists(tasks) ? chatProxy(tasks) : null, tasks);
        String body = markdown(data, rows, held, sets, png);
        int at = body.indexOf("![quality versus share");
        Files.writeString(out, body.substring(0, at) + headline + body.substring(at) + "\n" + replay,
                StandardCharsets.UTF_8);
        System.out.println("wrote " + out + " and " + pngPath);
    }

    /**
     * Held-out scores per row (the full model, as the annotator scores a request), which rows were scored by group
     * cross-validation, their fold, and the held-out scores of the features-only ensemble (callers without the text).
     */
    public record HeldOut(double[] scores, boolean[] crossValidated, int[] fold, double[] featuresOnly) {
    }

    /** Held-out difficulty scores of {@code rows} for the shipped models (see class comment). */
    public static HeldOut heldOutScores(List<TrainDifficulty.Row> rows) {
        return heldOutScores(rows, DifficultyModel.resource(DifficultyScorer.RESOURCE), new TaskClassifier(),
                TrainDifficulty.Params.DEFAULT);
    }

    /**
     * Held-out scores: rows in {@code shipped}'s fingerprint (all rows when shipped is null) get group-k-fold
     * predictions from models trained with {@code params} on the other folds; the rest get {@code shipped}'s score.
     */
    public static HeldOut heldOutScores(List<TrainDifficulty.Row> rows, DifficultyModel shipped, TaskClassifier tasks,
                                        TrainDifficulty.Params params) {
        int n = rows.size();
        List<TrainDifficulty.Prepared> prepared = TrainDifficulty.prepare(rows, tasks);
        double[] scores = new double[n];
        double[] featuresOnly = new double[n];
        boolean[] cv = new boolean[n];
        List<Integer> seen = new ArrayList<>();
        DifficultyScorer main = shipped == null ? null : new DifficultyScorer(shipped);
        for (int i = 0; i < n; i++) {
            TrainDifficulty.Prepared p = prepared.get(i);
            if (shipped == null || shipped.trainedOn(rows.get(i).prompt())) {
                seen.add(i);
                cv[i] = true;
            } else {
                scores[i] = main.probability(p.text(), p.features(), p.task());
                featuresOnly[i] = main.probability(null, p.features(), p.task());
            }
        }
        // Fold models' outputs go through the shipped model's calibration, so pooled held-out scores are ordered by
        // the trees' output alone and read on the shipped scale.
        DifficultyModel.Ensemble full = shipped == null ? null : shipped.ensemble(DifficultyModel.FULL);
        DifficultyModel.Ensemble feat = shipped == null ? null : shipped.ensemble(DifficultyModel.FEATURES_ONLY);
        int[] fold = new int[n];
        java.util.Arrays.fill(fold, -1);
        List<TrainDifficulty.Row> seenRows = seen.stream().map(rows::get).toList();
        int[] seenFold = groupFolds(seenRows, FOLDS, SEED);
        for (int j = 0; j < seen.size(); j++) {
            fold[seen.get(j)] = seenFold[j];
        }
        // Fold models do not need their own calibration: skip its inner cross-validation.
        TrainDifficulty.Params foldParams = params.withoutCalibrationFolds();
        DifficultyScorer priors = priorScorer(shipped, params);
        java.util.stream.IntStream.range(0, FOLDS).parallel().forEach(k -> {
            List<TrainDifficulty.Row> train = new ArrayList<>();
            List<TrainDifficulty.Prepared> trainPrepared = new ArrayList<>();
            boolean any = false;
            for (int j = 0; j < seen.size(); j++) {
                if (seenFold[j] != k) {
                    train.add(rows.get(seen.get(j)));
                    trainPrepared.add(prepared.get(seen.get(j)));
                } else {
                    any = true;
                }
            }
            if (!any || train.isEmpty()) {
                return;
            }
            DifficultyModel m = TrainDifficulty.train(train, trainPrepared, foldParams);
            DifficultyScorer scorer = new DifficultyScorer(m);
            for (int j = 0; j < seen.size(); j++) {
                if (seenFold[j] == k) {
                    int i = seen.get(j);
                    TrainDifficulty.Prepared p = prepared.get(i);
                    double prior = priors.taskPrior(p.features(), p.task());
                    scores[i] = calibrated(full, scorer.rankingLogit(p.text(), p.features(), p.task()), prior);
                    featuresOnly[i] = calibrated(feat, scorer.rankingLogit(null, p.features(), p.task()), prior);
                }
            }
        });
        return new HeldOut(scores, cv, fold, featuresOnly);
    }

    private static double calibrated(DifficultyModel.Ensemble e, double z, double prior) {
        double a = e == null ? 1 : e.calibrationA(), b = e == null ? 0 : e.calibrationB();
        return 1 / (1 + Math.exp(-(a * z + b + prior)));
    }

    /** A scorer that only knows the task prior (of the shipped model, else of {@code params}). */
    static DifficultyScorer priorScorer(DifficultyModel shipped, TrainDifficulty.Params params) {
        if (shipped != null) {
            return new DifficultyScorer(shipped);
        }
        io.policyrouter.annotate.model.BoostedTrees none = new io.policyrouter.annotate.model.BoostedTrees(1, 0f,
                new int[0], new float[0], new float[0]);
        return new DifficultyScorer(new DifficultyModel(DifficultyScorer.inputNames(),
                new DifficultyModel.Ensemble(none, 1, 0), new DifficultyModel.Ensemble(none, 1, 0),
                Map.of("task_prior", params.taskPrior()), new long[0]));
    }

    /**
     * Leave one benchmark out: every row is scored by a model trained on the rows of the other benchmarks only
     * (MMLU → GSM8K, GSM8K → MMLU), through the shipped calibration and task prior. Rows of a benchmark that is
     * alone in the file get NaN.
     */
    public static double[] leaveOneBenchmarkOut(List<TrainDifficulty.Row> rows, DifficultyModel shipped,
                                                TaskClassifier tasks, TrainDifficulty.Params params) {
        List<TrainDifficulty.Prepared> prepared = TrainDifficulty.prepare(rows, tasks);
        double[] scores = new double[rows.size()];
        java.util.Arrays.fill(scores, Double.NaN);
        DifficultyModel.Ensemble full = shipped == null ? null : shipped.ensemble(DifficultyModel.FULL);
        DifficultyScorer priors = priorScorer(shipped, params);
        List<String> benchmarks = rows.stream().map(TrainDifficulty.Row::benchmark).distinct().sorted().toList();
        benchmarks.parallelStream().forEach(b -> {
            List<TrainDifficulty.Row> train = new ArrayList<>();
            List<TrainDifficulty.Prepared> trainPrepared = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (!rows.get(i).benchmark().equals(b)) {
                    train.add(rows.get(i));
                    trainPrepared.add(prepared.get(i));
                }
            }
            if (train.isEmpty()) {
                return;
            }
            DifficultyScorer scorer = new DifficultyScorer(TrainDifficulty.train(train, trainPrepared,
                    params.withoutCalibrationFolds()));
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).benchmark().equals(b)) {
                    TrainDifficulty.Prepared p = prepared.get(i);
                    scores[i] = calibrated(full, scorer.rankingLogit(p.text(), p.features(), p.task()),
                            priors.taskPrior(p.features(), p.task()));
                }
            }
        });
        return scores;
    }

    /** Area under the ROC curve of {@code score} for positives against negatives (ties count half). */
    public static double auc(double[] score, boolean[] positive) {
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> score[i]));
        double rankSum = 0;
        int pos = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSum += rank;
                    pos++;
                }
            }
            i = j + 1;
        }
        int neg = score.length - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /**
     * Chat prompts as a weak proxy: on a task-type file (chat and instruction prompts, no recorded outcomes), how well
     * the score ranks capability-sensitive requests (code, math, reasoning, extraction) above the rest (AUC; 0.5 =
     * chance). Task predictions come from leave-one-source-out task models, as for unseen traffic; the difficulty
     * model never saw these prompts. Returns {AUC with the task prior, AUC of the text signals alone, AUC of length},
     * each for all rows, English rows and Chinese rows.
     */
    public static double[][] chatProxy(Path taskFile) throws IOException {
        return chatProxy(taskFile, DifficultyModel.resource(DifficultyScorer.RESOURCE));
    }

    public static double[][] chatProxy(Path taskFile, DifficultyModel model) throws IOException {
        List<TrainTaskClassifier.Row> rows = TrainTaskClassifier.read(taskFile);
        Path handmade = Path.of(TrainTaskClassifier.HANDMADE);
        List<TrainTaskClassifier.Row> extra = Files.exists(handmade) ? TrainTaskClassifier.read(handmade) : List.of();
        io.policyrouter.annotate.model.LinearModel taskModel = io.policyrouter.annotate.model.LinearModel
                .resource(TaskClassifier.RESOURCE);
        double[][] loso = TaskTypeEvaluation.leaveOneSourceOut(rows, extra, TrainTaskClassifier.Params.DEFAULT);
        io.policyrouter.vocabulary.TaskPrediction[] tasks = TaskTypeEvaluation.nestedCalibrated(rows, loso, taskModel,
                new TaskClassifier(taskModel).capabilityThreshold());
        DifficultyScorer scorer = new DifficultyScorer(model);
        DifficultyModel.Ensemble full = scorer.model().ensemble(DifficultyModel.FULL);
        int n = rows.size();
        double[] withPrior = new double[n], textOnly = new double[n], length = new double[n];
        boolean[] positive = new boolean[n];
        for (int i = 0; i < n; i++) {
            String text = rows.get(i).prompt();
            io.policyrouter.annotate.shape.TextFeatures f = io.policyrouter.annotate.shape.TextFeatures.of(text);
            withPrior[i] = scorer.probability(text, f, tasks[i]);
            textOnly[i] = calibrated(full, scorer.rankingLogit(text, f, tasks[i]), 0);
            length[i] = text.length();
            positive[i] = TaskClassifier.CAPABILITY_GROUP.contains(rows.get(i).label());
        }
        double[][] out = new double[3][3];
        double[][] scores = {withPrior, textOnly, length};
        for (int k = 0; k < 3; k++) {
            for (int g = 0; g < 3; g++) {
                String lang = g == 1 ? "en" : g == 2 ? "zh" : null;
                List<Integer> idx = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (lang == null || rows.get(i).lang().equals(lang)) {
                        idx.add(i);
                    }
                }
                double[] s = new double[idx.size()];
                boolean[] p = new boolean[idx.size()];
                for (int j = 0; j < s.length; j++) {
                    s[j] = scores[k][idx.get(j)];
                    p[j] = positive[idx.get(j)];
                }
                out[k][g] = auc(s, p);
            }
        }
        return out;
    }

    /**
     * Fold of each row. Group = (benchmark, domain); groups go whole into one fold, largest first into the fold with
     * the fewest rows. Rows without a domain are shuffled (seeded) and dealt round-robin over the folds.
     */
    public static int[] groupFolds(List<TrainDifficulty.Row> rows, int folds, long seed) {
        int[] fold = new int[rows.size()];
        int[] size = new int[folds];
        Map<String, List<Integer>> groups = new TreeMap<>();
        List<Integer> loose = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            TrainDifficulty.Row r = rows.get(i);
            if (r.domain() == null) {
                loose.add(i);
            } else {
                groups.computeIfAbsent(r.benchmark() + "/" + r.domain(), g -> new ArrayList<>()).add(i);
            }
        }
        Collections.shuffle(loose, new Random(seed));
        for (int j = 0; j < loose.size(); j++) {
            fold[loose.get(j)] = j % folds;
            size[j % folds]++;
        }
        List<Map.Entry<String, List<Integer>>> ordered = new ArrayList<>(groups.entrySet());
        ordered.sort(Comparator.comparingInt((Map.Entry<String, List<Integer>> e) -> -e.getValue().size())
                .thenComparing(Map.Entry::getKey));
        for (Map.Entry<String, List<Integer>> e : ordered) {
            int best = 0;
            for (int f = 1; f < folds; f++) {
                if (size[f] < size[best]) {
                    best = f;
                }
            }
            for (int i : e.getValue()) {
                fold[i] = best;
            }
            size[best] += e.getValue().size();
        }
        return fold;
    }

    /** Row indices per benchmark (sorted by name), then "overall". */
    public static Map<String, List<Integer>> benchmarkSets(List<TrainDifficulty.Row> rows) {
        Map<String, List<Integer>> sets = new TreeMap<>();
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            sets.computeIfAbsent(rows.get(i).benchmark(), b -> new ArrayList<>()).add(i);
            all.add(i);
        }
        Map<String, List<Integer>> out = new LinkedHashMap<>(sets);
        if (sets.size() > 1) {
            out.put("overall", all);
        }
        return out;
    }

    /** Curve of a router given per-row scores, on a subset of rows. */
    public static RoutingCurves.Curve curve(List<TrainDifficulty.Row> rows, double[] scores, List<Integer> subset) {
        List<RoutingCurves.Outcome> o = new ArrayList<>(subset.size());
        for (int i : subset) {
            TrainDifficulty.Row r = rows.get(i);
            o.add(new RoutingCurves.Outcome(scores[i], r.strong(), r.weak()));
        }
        return RoutingCurves.curve(o);
    }

    static double[] lengthScores(List<TrainDifficulty.Row> rows) {
        double[] s = new double[rows.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = rows.get(i).prompt().length();
        }
        return s;
    }

    // ---------------------------------------------------------------- report

    /** The held-out protocols side by side, with the targets: what predicts behaviour on traffic nobody trained on. */
    private static String headline(List<TrainDifficulty.Row> rows, HeldOut held, double[] lobo,
                                   Map<String, List<Integer>> sets, double[][] chat, Path tasks) {
        double[] length = lengthScores(rows);
        StringBuilder md = new StringBuilder("## Held-out figures\n\n");
        md.append("Three protocols, from the most to the least like unseen traffic. *Leave one benchmark out*: the "
                + "model is trained on the other benchmark only (MMLU → GSM8K, GSM8K → MMLU). *Held-out subjects*: "
                + "group folds (below), every MMLU subject scored by a model that never saw it, GSM8K rows dealt into "
                + "the folds at random (so GSM8K is in training: a random split for GSM8K). *Chat prompts*: no "
                + "strong/weak outcomes exist for them here, so a weak proxy: on `").append(tasks.getFileName())
                .append("` (chat and instruction prompts the difficulty model never saw; task types from "
                        + "leave-one-source-out task models), how well the score ranks the capability-sensitive types "
                        + "(code, math, reasoning, extraction) above the others, as the area under the ROC curve (0.5 "
                        + "= chance).\n\n");
        md.append("| rows | protocol | difficulty APGR | prompt-length APGR | target |\n|---|---|---|---|---|\n");
        for (Map.Entry<String, List<Integer>> e : sets.entrySet()) {
            if (e.getKey().equals("overall")) {
                continue;
            }
            String target = e.getKey().equals("gsm8k") ? "≥ 0.65" : e.getKey().equals("mmlu") ? "≥ 0.62" : "";
            RoutingCurves.Curve len = curve(rows, length, e.getValue());
            RoutingCurves.Curve lb = curve(rows, lobo, e.getValue());
            RoutingCurves.Curve gf = curve(rows, held.scores(), e.getValue());
            boolean subjects = rows.get(e.getValue().get(0)).domain() != null;
            md.append(String.format(Locale.ROOT, "| %s | leave one benchmark out | %s | %s | %s |%n", e.getKey(),
                    fmt(lb.apgr()), fmt(len.apgr()), e.getKey().equals("gsm8k") ? target : ""));
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", e.getKey(),
                    subjects ? "held-out subjects (group folds)" : "random folds (rows of it in training)",
                    fmt(gf.apgr()), fmt(len.apgr()), e.getKey().equals("mmlu") ? target : ""));
        }
        if (chat != null) {
            md.append("\n| chat prompts: AUC capability types over the rest | all | English | Chinese |\n"
                    + "|---|---|---|---|\n");
            String[] names = {"difficulty score (shipped: text signals + task-type prior)",
                "text signals alone (no task prior)", "prompt length"};
            for (int k = 0; k < 3; k++) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", names[k], fmt(chat[k][0]),
                        fmt(chat[k][1]), fmt(chat[k][2])));
            }
            md.append("\nThe issue's chat target (APGR ≥ 0.55 on a chat benchmark with outcomes) cannot be measured "
                    + "here; the proxy says the score no longer ranks chat prompts against the capability order. The "
                    + "trees were trained on exam questions only and say almost nothing about a chat prompt (AUC "
                    + "about 0.5 without the prior), so on chat prompts the order comes from the task-type prior: "
                    + "outside multiple-choice questions, the capability group gets a logit offset of +")
                    .append(TrainDifficulty.CHAT_PRIOR / 2).append(" and the other types −")
                    .append(TrainDifficulty.CHAT_PRIOR / 2).append(" (`task_prior` in the model file; MT-Bench's published "
                    + "per-category comparisons of strong and weak models put the gap in maths, reasoning, coding and "
                    + "extraction). The calibration to P(weak model fails) is fitted around that offset, so the "
                    + "policy's thresholds keep their meaning.\n");
        }
        return md.append('\n').toString();
    }

    private static String markdown(Path data, List<TrainDifficulty.Row> rows, HeldOut held,
                                   Map<String, List<Integer>> sets, String png) {
        DifficultyModel shipped = DifficultyModel.resource(DifficultyScorer.RESOURCE);
        double[] length = lengthScores(rows);
        int cv = 0;
        for (boolean b : held.crossValidated()) {
            cv += b ? 1 : 0;
        }
        StringBuilder md = new StringBuilder();
        md.append("# Routing quality of the difficulty score\n\n");
        md.append("Generated by `io.policyrouter.tools.annotator.RoutingQualityEvaluation` from `").append(data.getFileName())
                .append("` (").append(rows.size()).append(" rows). Do not edit by hand.\n\n");
        md.append("A router sends the requests with the highest difficulty score to the strong model and the rest to "
                + "the weak one. Sweeping the threshold traces quality against the share of strong calls. "
                + "**PGR** (performance gap recovered) = (q_router − q_weak) / (q_strong − q_weak); **APGR** = the area "
                + "under PGR over the share of strong calls from 0 to 100 % (RouteLLM's definition), computed by the "
                + "trapezoid rule at every row count for every router; **CPT(p)** = the smallest share of strong calls "
                + "whose PGR reaches p. Rows with equal scores count as routed in random order (expected value), so "
                + "random routing is the diagonal: APGR 0.500, CPT(50 %) = 50 %, CPT(80 %) = 80 %. Baselines on the "
                + "same rows: random routing (expected curve) and prompt length alone (longer = strong first).\n\n");
        md.append(String.format(Locale.ROOT, "**Held-out figures only.** %d rows are in the shipped model's training "
                        + "fingerprint (`annotate/difficulty.model`, %d rows, target `%s`); each is scored by a "
                        + "group-%d-fold model trained without its group: one group per (benchmark, subject) — every MMLU "
                        + "subject is held out whole — while rows without a subject (GSM8K) are shuffled with seed %d and "
                        + "dealt into the %d folds. So no figure below uses the subject of the row it scores. The other "
                        + "%d rows were never seen in training and are scored by the shipped model.%n%n",
                cv, shipped.fingerprintSize(), shipped.meta("target"), FOLDS, SEED, FOLDS, rows.size() - cv));
        md.append("**Model.** Gradient-boosted depth-2 trees over the shared text signals, the task-type probabilities and "
                + "the prompt-shape signals (answer options, stem, implied arithmetic), trained on the expected gain of "
                + "escalating; settings `").append(shipped.meta("params")).append("`. No hashed n-grams and nothing keyed "
                + "to a subject. **Selection disclosure:** the model family, inputs and settings were chosen among 26 "
                + "configurations compared on this same held-out protocol (the shipped settings are the first boosted "
                + "configuration tried, not the best-scoring one), so the figures are somewhat optimistic; GSM8K has "
                + "672 rows, so its APGR has a sampling error of about ±0.03.\n\n");
        md.append("![quality versus share of strong calls](").append(png).append(")\n\n");
        md.append("| rows | n | weak acc. | strong acc. | router | APGR | CPT(50 %) | CPT(80 %) |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<Integer>> e : sets.entrySet()) {
            RoutingCurves.Curve learned = curve(rows, held.scores(), e.getValue());
            RoutingCurves.Curve len = curve(rows, length, e.getValue());
            String head = String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f |", e.getKey(), learned.n(),
                    learned.qWeak(), learned.qStrong());
            md.append(head).append(" difficulty score | ").append(fmt(learned.apgr())).append(" | ")
                    .append(pct(learned.cpt50())).append(" | ").append(pct(learned.cpt80())).append(" |\n");
            RoutingCurves.Curve feat = curve(rows, held.featuresOnly(), e.getValue());
            md.append(head).append(" difficulty, features only¹ | ").append(fmt(feat.apgr())).append(" | ")
                    .append(pct(feat.cpt50())).append(" | ").append(pct(feat.cpt80())).append(" |\n");
            md.append(head).append(" prompt length | ").append(fmt(len.apgr())).append(" | ")
                    .append(pct(len.cpt50())).append(" | ").append(pct(len.cpt80())).append(" |\n");
            md.append(head).append(" random (expected) | 0.500 | 50.0 % | 80.0 % |\n");
        }
        md.append("\n¹ The model's second ensemble, used by `DifficultyScorer.score(TextFeatures, TaskPrediction)` when "
                + "the caller has no text: it cannot read the prompt-shape signals. The annotator scores with the text "
                + "(first row).\n");
        md.append(sensitivity(rows, held.scores(), length));
        md.append("\n## Score thresholds\n\nThe difficulty score at which a threshold router sends a given share of "
                + "these requests to the strong model (score ≥ threshold → strong), for setting policy thresholds. "
                + "Scores are calibrated to P(weak model fails), so they sit in a narrow band; the order is what "
                + "routes.\n\n| strong calls |");
        for (String name : sets.keySet()) {
            md.append(' ').append(name).append(" |");
        }
        md.append("\n|---|").append("---|".repeat(sets.size())).append('\n');
        for (double x : new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}) {
            md.append(String.format(Locale.ROOT, "| %.0f %% |", x * 100));
            for (List<Integer> subset : sets.values()) {
                double[] s = subset.stream().mapToDouble(i -> held.scores()[i]).sorted().toArray();
                int at = Math.min(s.length - 1, Math.max(0, (int) Math.floor((1 - x) * s.length)));
                md.append(String.format(Locale.ROOT, " %.3f |", s.length == 0 ? Double.NaN : s[at]));
            }
            md.append('\n');
        }
        md.append("\n## Quality against share of strong calls\n\n");
        for (Map.Entry<String, List<Integer>> e : sets.entrySet()) {
            RoutingCurves.Curve learned = curve(rows, held.scores(), e.getValue());
            RoutingCurves.Curve len = curve(rows, length, e.getValue());
            md.append("### ").append(e.getKey()).append("\n\n| strong calls | difficulty score | prompt length | random |\n");
            md.append("|---|---|---|---|\n");
            for (double x : TABLE_SHARES) {
                double random = learned.qWeak() + x * (learned.qStrong() - learned.qWeak());
                md.append(String.format(Locale.ROOT, "| %.0f %% | %.3f | %.3f | %.3f |%n", x * 100,
                        learned.qualityAt(x), len.qualityAt(x), random));
            }
            md.append('\n');
        }
        md.append("## Per held-out subject\n\nAPGR of the difficulty score inside each group (rows of one subject are "
                + "all scored by a model that never saw that subject). Small groups are noisy.\n\n");
        md.append("| group | n | weak acc. | strong acc. | APGR | length APGR |\n|---|---|---|---|---|---|\n");
        Map<String, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            TrainDifficulty.Row r = rows.get(i);
            groups.computeIfAbsent(r.benchmark() + (r.domain() == null ? "" : "/" + r.domain()),
                    g -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<String, List<Integer>> e : groups.entrySet()) {
            RoutingCurves.Curve c = curve(rows, held.scores(), e.getValue());
            RoutingCurves.Curve len = curve(rows, length, e.getValue());
            md.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %s | %s |%n", e.getKey(), c.n(), c.qWeak(),
                    c.qStrong(), fmt(c.apgr()), fmt(len.apgr())));
        }
        md.append('\n');
        return md.toString();
    }

    /**
     * Pooled APGR depends on where whole groups land: per benchmark with several groups, the APGR without each of the
     * groups whose removal lowers the score's APGR most, so a reader sees how much one subject carries.
     */
    private static String sensitivity(List<TrainDifficulty.Row> rows, double[] scores, double[] length) {
        StringBuilder md = new StringBuilder();
        Map<String, Map<String, List<Integer>>> byBenchmark = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            TrainDifficulty.Row r = rows.get(i);
            if (r.domain() != null) {
                byBenchmark.computeIfAbsent(r.benchmark(), b -> new TreeMap<>())
                        .computeIfAbsent(r.domain(), d -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<String, Map<String, List<Integer>>> b : byBenchmark.entrySet()) {
            if (b.getValue().size() < 3) {
                continue;
            }
            List<Integer> all = new ArrayList<>();
            b.getValue().values().forEach(all::addAll);
            double full = curve(rows, scores, all).apgr();
            double fullLength = curve(rows, length, all).apgr();
            List<String[]> lines = new ArrayList<>();
            List<Double> drops = new ArrayList<>();
            for (Map.Entry<String, List<Integer>> g : b.getValue().entrySet()) {
                List<Integer> rest = new ArrayList<>(all);
                rest.removeAll(new java.util.HashSet<>(g.getValue()));
                double s = curve(rows, scores, rest).apgr();
                double l = curve(rows, length, rest).apgr();
                drops.add(full - s);
                lines.add(new String[] {g.getKey(), Integer.toString(g.getValue().size()), fmt(s), fmt(l)});
            }
            Integer[] order = new Integer[lines.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -drops.get(i)));
            md.append("\n**Sensitivity (").append(b.getKey()).append(").** APGR ").append(fmt(full))
                    .append(" (length ").append(fmt(fullLength)).append(") on all groups; without the groups whose "
                            + "removal lowers the score's APGR most:\n\n| without group | n | difficulty APGR | "
                            + "length APGR |\n|---|---|---|---|\n");
            for (int k = 0; k < Math.min(3, order.length); k++) {
                String[] line = lines.get(order[k]);
                md.append("| ").append(String.join(" | ", line)).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "never" : String.format(Locale.ROOT, "%.1f %%", v * 100);
    }

    // ---------------------------------------------------------------- plot

    private static void writePlot(Path file, List<TrainDifficulty.Row> rows, double[] scores,
                                  Map<String, List<Integer>> sets) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int panels = sets.size();
        int pw = 420, ph = 360, w = pw * panels, h = ph + 40;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        g.setFont(font);
        double[] length = lengthScores(rows);
        Color learnedColor = new Color(0x1F77B4), lengthColor = new Color(0xFF7F0E), randomColor = Color.GRAY;
        int p = 0;
        for (Map.Entry<String, List<Integer>> e : sets.entrySet()) {
            RoutingCurves.Curve learned = curve(rows, scores, e.getValue());
            RoutingCurves.Curve len = curve(rows, length, e.getValue());
            int x0 = p * pw + 55, y0 = 40, x1 = p * pw + pw - 15, y1 = ph - 15;
            double lo = Math.min(learned.qWeak(), learned.qStrong());
            double hi = Math.max(learned.qWeak(), learned.qStrong());
            for (double q : learned.quality()) {
                lo = Math.min(lo, q);
                hi = Math.max(hi, q);
            }
            double pad = Math.max(0.01, (hi - lo) * 0.08);
            lo -= pad;
            hi += pad;
            g.setColor(new Color(0xEEEEEE));
            for (int t = 0; t <= 10; t += 2) {
                int x = x0 + (x1 - x0) * t / 10;
                g.drawLine(x, y0, x, y1);
            }
            g.setColor(Color.BLACK);
            g.drawRect(x0, y0, x1 - x0, y1 - y0);
            g.setFont(font.deriveFont(Font.BOLD, 14f));
            g.drawString(e.getKey() + " (n=" + learned.n() + ")", x0, y0 - 22);
            g.setFont(font);
            for (int t = 0; t <= 10; t += 2) {
                int x = x0 + (x1 - x0) * t / 10;
                g.drawString(t * 10 + "%", x - 10, y1 + 14);
            }
            for (int t = 0; t <= 4; t++) {
                double q = lo + (hi - lo) * t / 4;
                int y = (int) (y1 - (y1 - y0) * (q - lo) / (hi - lo));
                g.drawString(String.format(Locale.ROOT, "%.2f", q), x0 - 34, y + 4);
            }
            drawCurve(g, randomLine(learned), x0, y0, x1, y1, lo, hi, randomColor, true);
            drawCurve(g, len.quality(), x0, y0, x1, y1, lo, hi, lengthColor, false);
            drawCurve(g, learned.quality(), x0, y0, x1, y1, lo, hi, learnedColor, false);
            g.setColor(learnedColor);
            g.drawString(String.format(Locale.ROOT, "difficulty APGR %.3f", learned.apgr()), x0 + 8, y0 + 16);
            g.setColor(lengthColor);
            g.drawString(String.format(Locale.ROOT, "length APGR %.3f", len.apgr()), x0 + 8, y0 + 32);
            g.setColor(randomColor);
            g.drawString("random APGR 0.500", x0 + 8, y0 + 48);
            p++;
        }
        g.setColor(Color.BLACK);
        g.drawString("x: share of requests sent to the strong model; y: accuracy of the routed mix (held-out scores)",
                10, h - 8);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static double[] randomLine(RoutingCurves.Curve c) {
        return new double[] {c.qWeak(), c.qStrong()};
    }

    private static void drawCurve(Graphics2D g, double[] q, int x0, int y0, int x1, int y1, double lo, double hi,
                                  Color color, boolean dashed) {
        g.setColor(color);
        g.setStroke(dashed ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                new float[] {6f, 4f}, 0f) : new BasicStroke(2f));
        Path2D.Double path = new Path2D.Double();
        int n = q.length - 1;
        int step = Math.max(1, n / 400);
        for (int k = 0; k <= n; k += step) {
            double x = x0 + (x1 - x0) * (double) k / n;
            double y = y1 - (y1 - y0) * (q[k] - lo) / (hi - lo);
            if (k == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        double yEnd = y1 - (y1 - y0) * (q[n] - lo) / (hi - lo);
        path.lineTo(x1, yEnd);
        g.draw(path);
        g.setStroke(new BasicStroke(1f));
    }
}
