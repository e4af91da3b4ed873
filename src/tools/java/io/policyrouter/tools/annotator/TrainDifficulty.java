package io.policyrouter.tools.annotator;

import io.policyrouter.annotate.model.BoostedTrees;
import io.policyrouter.annotate.model.DifficultyModel;
import io.policyrouter.annotate.model.LinearModel;
import io.policyrouter.annotate.shape.TextFeatures;
import io.policyrouter.annotate.task.DifficultyScorer;
import io.policyrouter.annotate.task.TaskClassifier;
import io.policyrouter.vocabulary.TaskPrediction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Trains the difficulty model from recorded strong/weak outcomes and writes it as a classpath resource.
 *
 * <pre>
 * TrainDifficulty [--data ../shared/data/routing_outcomes_dev.jsonl] [--out src/main/resources/annotate/difficulty.model]
 *                 [--task-model src/main/resources/annotate/task-type.model]
 * </pre>
 * Run from the repository root. Rows: {@code {id, benchmark, domain, prompt, strong_correct, weak_correct, ...}}. The
 * task-type inputs come from the task model (default: the file above when it exists, else the classpath copy), so
 * train that one first. Deterministic: no randomness anywhere, so the same data gives the same bytes.
 *
 * <p><b>Model.</b> Gradient-boosted regression trees of depth 2 ({@link Params#DEFAULT}: 300 rounds, learning rate
 * 0.05, at least 100 rows per leaf, L2 1 on leaf values, split thresholds from 64 quantiles per input), boosted from
 * a logistic fit on the length signal alone (so prompts shorter or longer than any in training keep a sensible
 * order where trees are flat), over every
 * TextFeatures signal, the task-type probabilities and the {@link io.policyrouter.annotate.shape.PromptShape} signals. A
 * second ensemble with the same settings never splits on the PromptShape signals; it serves callers that have only
 * the shared features.
 *
 * <p><b>Target.</b> Routing gains only where the strong model is right and the weak one wrong; a request both models
 * fail gains nothing from escalation, and one only the weak model gets right loses. Sending the top k by expected
 * gain E[strong − weak] to the strong model is optimal for every k, so the trees minimise log-loss against the soft
 * label (1 + strong − weak) / 2 ∈ {0, ½, 1}, whose optimum orders by expected gain. (On the group-k-fold evaluation
 * this beat "weak failed" and "strong right and weak wrong" as targets.) Then a 2-parameter logistic calibration of the
 * output against "weak failed" is fitted on group-cross-validated outputs (the trees' in-sample outputs are
 * over-confident) and stored, so the score reads as P(weak model fails) without changing the order.
 */
public final class TrainDifficulty {

    static final String DEFAULT_DATA = "../shared/data/routing_outcomes_dev.jsonl";
    static final String DEFAULT_OUT = "src/main/resources/annotate/difficulty.model";

    /**
     * Boosting settings. {@code calibrationFolds}: group folds for the held-out calibration outputs (0 = calibrate
     * on the training outputs, only for fold models whose calibration is not used).
     */
    public record Params(int rounds, int depth, double learningRate, double lambda, int minLeaf, int bins,
                         String linearStart, int calibrationFolds, double chatPrior) {
        public static final Params DEFAULT = new Params(300, 2, 0.05, 1.0, 100, 64, "length", 10, CHAT_PRIOR);

        Params withoutCalibrationFolds() {
            return new Params(rounds, depth, learningRate, lambda, minLeaf, bins, linearStart, 0, chatPrior);
        }

        public Params withChatPrior(double prior) {
            return new Params(rounds, depth, learningRate, lambda, minLeaf, bins, linearStart, calibrationFolds, prior);
        }

        /** The per-task logit offsets stored in the model ("task_prior" metadata). */
        public String taskPrior() {
            StringBuilder sb = new StringBuilder();
            for (io.policyrouter.vocabulary.TaskType t : io.policyrouter.vocabulary.TaskType.values()) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                double v = TaskClassifier.CAPABILITY_GROUP.contains(t) ? chatPrior / 2 : -chatPrior / 2;
                sb.append(t.wire()).append(':').append(v == 0 ? "0" : Double.toString(v));
            }
            return sb.toString();
        }
    }

    /**
     * Logit gap between the capability group (code, math, reasoning, extraction; +half) and the other task types
     * (−half), centred so that the policy's difficulty bands keep their share of chat requests: the recorded
     * outcomes are exam questions only, so they cannot say how much a stronger model helps a poem, a summary or a
     * role-play; published per-category comparisons of strong and weak chat models (MT-Bench's categories) show the gap
     * concentrated in maths, reasoning, coding and extraction and small on writing, role-play and humanities. The
     * trees are nearly flat on chat prompts, so a small gap already orders them; a larger one would move ordinary
     * creative requests below the "likely easy" threshold of the confidence-floor table and end their cascades
     * (docs/routing-quality.md, chat prompts).
     */
    static final double CHAT_PRIOR = 0.3;

    /** One recorded outcome. */
    public record Row(String id, String benchmark, String domain, String prompt, int strong, int weak) {
    }

    private TrainDifficulty() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(DEFAULT_DATA);
        Path out = Path.of(DEFAULT_OUT);
        Path taskModel = Path.of(TrainTaskClassifier.DEFAULT_OUT);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--task-model" -> taskModel = Path.of(args[++i]);
                default -> data = Path.of(args[i]);
            }
        }
        TaskClassifier tasks;
        if (Files.exists(taskModel)) {
            try (var in = Files.newInputStream(taskModel)) {
                tasks = new TaskClassifier(LinearModel.read(in));
            }
        } else {
            tasks = new TaskClassifier();
        }
        List<Row> rows = read(data);
        DifficultyModel model = train(rows, Params.DEFAULT, tasks);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (OutputStream o = Files.newOutputStream(out)) {
            model.write(o);
        }
        System.out.printf(Locale.ROOT, "trained on %d rows from %s -> %s (%d bytes)%n", rows.size(), data, out,
                Files.size(out));
    }

    public static List<Row> read(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = json.readTree(line);
            String prompt = n.path("prompt").asText(null);
            if (prompt == null || !n.hasNonNull("strong_correct") || !n.hasNonNull("weak_correct")) {
                continue;
            }
            JsonNode domain = n.get("domain");
            rows.add(new Row(n.path("id").asText(""), n.path("benchmark").asText("unknown"),
                    domain == null || domain.isNull() ? null : domain.asText(), prompt,
                    n.get("strong_correct").asInt() > 0 ? 1 : 0, n.get("weak_correct").asInt() > 0 ? 1 : 0));
        }
        return rows;
    }

    /** Inputs of a row as the scorer sees them: text, text features and the task prediction. */
    public record Prepared(String text, TextFeatures features, TaskPrediction task) {
    }

    public static List<Prepared> prepare(List<Row> rows, TaskClassifier tasks) {
        List<Prepared> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            TextFeatures f = TextFeatures.of(r.prompt());
            out.add(new Prepared(r.prompt(), f, tasks.classify(f)));
        }
        return out;
    }

    public static DifficultyModel train(List<Row> rows, Params params, TaskClassifier tasks) {
        DifficultyModel model = train(rows, prepare(rows, tasks), params);
        // The task-type inputs are the classifier's calibrated confidences: record which calibration they came from,
        // so a test can tell when the task model was recalibrated and this model not retrained.
        Map<String, String> meta = new LinkedHashMap<>(model.meta());
        meta.put("task_calibration", tasks.calibrationKey());
        return model.withMeta(meta);
    }

    public static DifficultyModel train(List<Row> rows, List<Prepared> prepared, Params params) {
        String[] inputs = DifficultyScorer.inputNames();
        float[][] x = inputMatrix(inputs, prepared);
        double[] y = new double[rows.size()];
        double[] weakFailed = new double[rows.size()];
        long[] fingerprint = new long[rows.size()];
        for (int i = 0; i < y.length; i++) {
            Row r = rows.get(i);
            y[i] = (1 + r.strong() - r.weak()) / 2.0;
            weakFailed[i] = 1 - r.weak();
            fingerprint[i] = LinearModel.fingerprint(r.prompt());
        }
        boolean[] all = new boolean[inputs.length];
        boolean[] noShape = new boolean[inputs.length];
        for (int j = 0; j < inputs.length; j++) {
            all[j] = true;
            noShape[j] = !DifficultyScorer.isShapeInput(inputs[j]);
        }
        int start = params.linearStart() == null || params.linearStart().isEmpty() ? -1
                : Arrays.asList(inputs).indexOf(params.linearStart());
        BoostedTrees full = Boosting.train(x, y, all, start, params);
        BoostedTrees featuresOnly = Boosting.train(x, y, noShape, start, params);
        // Calibration outputs: held out by group when asked (the shipped model), else in-sample.
        double[] zFull = new double[y.length];
        double[] zFeat = new double[y.length];
        if (params.calibrationFolds() > 1) {
            int[] fold = RoutingQualityEvaluation.groupFolds(rows, params.calibrationFolds(),
                    RoutingQualityEvaluation.SEED);
            IntStream.range(0, params.calibrationFolds()).parallel().forEach(k -> {
                List<Integer> train = new ArrayList<>();
                for (int i = 0; i < fold.length; i++) {
                    if (fold[i] != k) {
                        train.add(i);
                    }
                }
                if (train.size() == fold.length) {
                    return;
                }
                float[][] xk = new float[train.size()][];
                double[] yk = new double[train.size()];
                for (int j = 0; j < xk.length; j++) {
                    xk[j] = x[train.get(j)];
                    yk[j] = y[train.get(j)];
                }
                BoostedTrees a = Boosting.train(xk, yk, all, start, params);
                BoostedTrees b = Boosting.train(xk, yk, noShape, start, params);
                for (int i = 0; i < fold.length; i++) {
                    if (fold[i] == k) {
                        zFull[i] = a.predict(x[i]);
                        zFeat[i] = b.predict(x[i]);
                    }
                }
            });
        } else {
            for (int i = 0; i < y.length; i++) {
                zFull[i] = full.predict(x[i]);
                zFeat[i] = featuresOnly.predict(x[i]);
            }
        }
        // The task prior is a fixed offset: the calibration is fitted around it, so scores stay P(weak model fails).
        double[] offset = priorOffsets(prepared, params);
        double[] calFull = calibrate(zFull, weakFailed, offset);
        double[] calFeat = calibrate(zFeat, weakFailed, offset);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("rows", Integer.toString(rows.size()));
        meta.put("params", params.toString());
        meta.put("target", "GAIN");
        if (params.chatPrior() != 0) {
            meta.put("task_prior", params.taskPrior());
        }
        meta.put("full_trees", Integer.toString(full.trees()));
        meta.put("features_only_trees", Integer.toString(featuresOnly.trees()));
        return new DifficultyModel(inputs, new DifficultyModel.Ensemble(full, calFull[0], calFull[1]),
                new DifficultyModel.Ensemble(featuresOnly, calFeat[0], calFeat[1]), meta, fingerprint);
    }

    /** Inputs of each row in {@code inputs} order, exactly as the scorer maps them (full model). */
    static float[][] inputMatrix(String[] inputs, List<Prepared> prepared) {
        // A scorer over an empty model, only to map inputs exactly as scoring will.
        BoostedTrees none = new BoostedTrees(1, 0f, new int[0], new float[0], new float[0]);
        DifficultyScorer mapper = new DifficultyScorer(new DifficultyModel(inputs,
                new DifficultyModel.Ensemble(none, 1, 0), new DifficultyModel.Ensemble(none, 1, 0), Map.of(),
                new long[0]));
        float[][] x = new float[prepared.size()][];
        for (int i = 0; i < x.length; i++) {
            Prepared p = prepared.get(i);
            x[i] = mapper.inputs(p.text(), p.features(), p.task());
        }
        return x;
    }

    /** The task prior of each row, in logit units, as the scorer will add it. */
    static double[] priorOffsets(List<Prepared> prepared, Params params) {
        double[] offset = new double[prepared.size()];
        if (params.chatPrior() == 0) {
            return offset;
        }
        BoostedTrees none = new BoostedTrees(1, 0f, new int[0], new float[0], new float[0]);
        String[] inputs = DifficultyScorer.inputNames();
        DifficultyScorer s = new DifficultyScorer(new DifficultyModel(inputs, new DifficultyModel.Ensemble(none, 1, 0),
                new DifficultyModel.Ensemble(none, 1, 0), Map.of("task_prior", params.taskPrior()), new long[0]));
        for (int i = 0; i < offset.length; i++) {
            offset[i] = s.taskPrior(prepared.get(i).features(), prepared.get(i).task());
        }
        return offset;
    }

    static double[] calibrate(double[] z, double[] y) {
        return calibrate(z, y, new double[z.length]);
    }

    /**
     * 1-D logistic regression y ~ sigmoid(a z + b + offset) by Newton's method; a is kept positive (order preserved).
     */
    static double[] calibrate(double[] z, double[] y, double[] offset) {
        double a = 1, b = 0;
        for (int iter = 0; iter < 50; iter++) {
            double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
            for (int i = 0; i < z.length; i++) {
                double p = 1 / (1 + Math.exp(-(a * z[i] + b + offset[i])));
                double r = p - y[i];
                double w = p * (1 - p);
                ga += r * z[i];
                gb += r;
                haa += w * z[i] * z[i];
                hab += w * z[i];
                hbb += w;
            }
            double det = haa * hbb - hab * hab;
            if (Math.abs(det) < 1e-12) {
                break;
            }
            double da = (hbb * ga - hab * gb) / det;
            double db = (haa * gb - hab * ga) / det;
            a -= da;
            b -= db;
            if (Math.abs(da) + Math.abs(db) < 1e-10) {
                break;
            }
        }
        if (!(a > 0) || Double.isNaN(b)) {
            return new double[] {1, 0};
        }
        return new double[] {a, b};
    }

    /**
     * Histogram gradient boosting of complete depth-D regression trees with log-loss on soft targets in [0, 1]
     * (Newton leaf values −G/(H + λ), shrunk by the learning rate). Split candidates are midpoints between distinct
     * values at {@code bins} quantiles of each input; a split needs {@code minLeaf} rows on each side. Deterministic:
     * fixed iteration order, ties broken toward the lower input index and threshold.
     */
    static final class Boosting {

        private Boosting() {
        }

        static BoostedTrees train(float[][] x, double[] y, boolean[] allowed, int linearStart, Params s) {
            int n = x.length, d = allowed.length;
            float[][] cuts = new float[d][];
            byte[][] bin = new byte[d][];
            for (int j = 0; j < d; j++) {
                cuts[j] = allowed[j] ? cuts(x, j, s.bins()) : new float[0];
                bin[j] = new byte[n];
                float[] c = cuts[j];
                for (int i = 0; i < n; i++) {
                    int b = 0;
                    while (b < c.length && x[i][j] > c[b]) {
                        b++;
                    }
                    bin[j][i] = (byte) b;
                }
            }
            double mean = 0;
            for (double v : y) {
                mean += v;
            }
            mean /= Math.max(1, n);
            float base = (float) Math.log(Math.max(1e-6, mean) / Math.max(1e-6, 1 - mean));
            int[] linearInput = new int[0];
            float[] linearWeight = new float[0];
            if (linearStart >= 0) {
                double[] z = new double[n];
                for (int i = 0; i < n; i++) {
                    z[i] = x[i][linearStart];
                }
                double[] wb = logistic1d(z, y);
                base = (float) wb[1];
                linearInput = new int[] {linearStart};
                linearWeight = new float[] {(float) wb[0]};
            }
            double[] f = new double[n];
            for (int i = 0; i < n; i++) {
                f[i] = base + (linearInput.length == 0 ? 0 : linearWeight[0] * x[i][linearStart]);
            }
            int depth = s.depth(), nodes = (1 << depth) - 1, leaves = 1 << depth, width = s.bins() + 1;
            List<int[]> features = new ArrayList<>();
            List<float[]> thresholds = new ArrayList<>();
            List<float[]> leafValues = new ArrayList<>();
            double[] g = new double[n], h = new double[n];
            int[] node = new int[n];
            for (int round = 0; round < s.rounds(); round++) {
                for (int i = 0; i < n; i++) {
                    double p = 1 / (1 + Math.exp(-f[i]));
                    g[i] = p - y[i];
                    h[i] = Math.max(p * (1 - p), 1e-6);
                    node[i] = 0;
                }
                int[] feat = new int[nodes];
                float[] thr = new float[nodes];
                for (int level = 0; level < depth; level++) {
                    int first = (1 << level) - 1, count = 1 << level;
                    double[] totG = new double[count], totH = new double[count];
                    int[] totC = new int[count];
                    for (int i = 0; i < n; i++) {
                        int k = node[i] - first;
                        totG[k] += g[i];
                        totH[k] += h[i];
                        totC[k]++;
                    }
                    int[] bestF = new int[count];
                    int[] bestB = new int[count];
                    double[] bestGain = new double[count];
                    Arrays.fill(bestF, -1);
                    double[] hg = new double[count * width], hh = new double[count * width];
                    int[] hc = new int[count * width];
                    for (int j = 0; j < d; j++) {
                        int m = cuts[j].length;
                        if (m == 0) {
                            continue;
                        }
                        Arrays.fill(hg, 0);
                        Arrays.fill(hh, 0);
                        Arrays.fill(hc, 0);
                        byte[] bj = bin[j];
                        for (int i = 0; i < n; i++) {
                            int at = (node[i] - first) * width + bj[i];
                            hg[at] += g[i];
                            hh[at] += h[i];
                            hc[at]++;
                        }
                        for (int k = 0; k < count; k++) {
                            double gAll = totG[k], hAll = totH[k];
                            double parent = gAll * gAll / (hAll + s.lambda());
                            double gl = 0, hl = 0;
                            int cl = 0;
                            for (int b = 0; b < m; b++) { // left = bins 0..b, i.e. x <= cuts[b]
                                gl += hg[k * width + b];
                                hl += hh[k * width + b];
                                cl += hc[k * width + b];
                                if (cl < s.minLeaf() || totC[k] - cl < s.minLeaf()) {
                                    continue;
                                }
                                double gr = gAll - gl, hr = hAll - hl;
                                double gain = gl * gl / (hl + s.lambda()) + gr * gr / (hr + s.lambda()) - parent;
                                if (gain > bestGain[k] + 1e-12) {
                                    bestGain[k] = gain;
                                    bestF[k] = j;
                                    bestB[k] = b;
                                }
                            }
                        }
                    }
                    if (level == 0 && bestF[0] < 0) {
                        return pack(depth, base, linearInput, linearWeight, features, thresholds, leafValues);
                    }
                    for (int k = 0; k < count; k++) {
                        boolean split = bestF[k] >= 0;
                        feat[first + k] = split ? bestF[k] : 0;
                        thr[first + k] = split ? cuts[bestF[k]][bestB[k]] : Float.POSITIVE_INFINITY;
                    }
                    for (int i = 0; i < n; i++) {
                        int k = node[i] - first;
                        boolean right = bestF[k] >= 0 && bin[bestF[k]][i] > bestB[k];
                        node[i] = 2 * node[i] + (right ? 2 : 1);
                    }
                }
                double[] lg = new double[leaves], lh = new double[leaves];
                for (int i = 0; i < n; i++) {
                    lg[node[i] - nodes] += g[i];
                    lh[node[i] - nodes] += h[i];
                }
                float[] leaf = new float[leaves];
                for (int l = 0; l < leaves; l++) {
                    leaf[l] = (float) (lh[l] == 0 ? 0 : -s.learningRate() * lg[l] / (lh[l] + s.lambda()));
                }
                for (int i = 0; i < n; i++) {
                    f[i] += leaf[node[i] - nodes];
                }
                features.add(feat);
                thresholds.add(thr);
                leafValues.add(leaf);
            }
            return pack(depth, base, linearInput, linearWeight, features, thresholds, leafValues);
        }

        /** Soft-target logistic regression on one input, y ~ sigmoid(w z + b), by Newton's method (any sign). */
        static double[] logistic1d(double[] z, double[] y) {
            double w = 0, b = 0;
            for (int iter = 0; iter < 100; iter++) {
                double gw = 0, gb = 0, hww = 1e-9, hwb = 0, hbb = 1e-9;
                for (int i = 0; i < z.length; i++) {
                    double p = 1 / (1 + Math.exp(-(w * z[i] + b)));
                    double r = p - y[i], v = p * (1 - p);
                    gw += r * z[i];
                    gb += r;
                    hww += v * z[i] * z[i];
                    hwb += v * z[i];
                    hbb += v;
                }
                double det = hww * hbb - hwb * hwb;
                if (Math.abs(det) < 1e-12) {
                    break;
                }
                double dw = (hbb * gw - hwb * gb) / det, db = (hww * gb - hwb * gw) / det;
                w -= dw;
                b -= db;
                if (Math.abs(dw) + Math.abs(db) < 1e-10) {
                    break;
                }
            }
            return new double[] {w, b};
        }

        /** Split candidates of input j: midpoints between distinct values at the bin quantiles, ascending. */
        private static float[] cuts(float[][] x, int j, int bins) {
            int n = x.length;
            float[] sorted = new float[n];
            for (int i = 0; i < n; i++) {
                sorted[i] = x[i][j];
            }
            Arrays.sort(sorted);
            float[] c = new float[bins];
            int m = 0;
            for (int b = 1; b < bins; b++) {
                int at = (int) ((long) b * n / bins);
                if (at <= 0 || at >= n) {
                    continue;
                }
                float lo = sorted[at - 1];
                int k = at;
                while (k < n && sorted[k] == lo) {
                    k++;
                }
                if (k >= n) {
                    continue;
                }
                float hi = sorted[k];
                float t = lo + (hi - lo) / 2;
                if (t >= hi) {
                    t = lo;
                }
                if (m == 0 || t > c[m - 1]) {
                    c[m++] = t;
                }
            }
            return Arrays.copyOf(c, m);
        }

        private static BoostedTrees pack(int depth, float base, int[] linearInput, float[] linearWeight,
                                         List<int[]> features, List<float[]> thresholds, List<float[]> leafValues) {
            int nodes = (1 << depth) - 1, leaves = 1 << depth, t = features.size();
            int[] feat = new int[t * nodes];
            float[] thr = new float[t * nodes];
            float[] leaf = new float[t * leaves];
            for (int i = 0; i < t; i++) {
                System.arraycopy(features.get(i), 0, feat, i * nodes, nodes);
                System.arraycopy(thresholds.get(i), 0, thr, i * nodes, nodes);
                System.arraycopy(leafValues.get(i), 0, leaf, i * leaves, leaves);
            }
            return new BoostedTrees(depth, base, linearInput, linearWeight, feat, thr, leaf);
        }
    }
}
