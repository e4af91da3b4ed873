package io.policyrouter.tools.annotator;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;
import io.policyrouter.annotate.model.LinearModel;
import io.policyrouter.annotate.task.TaskClassifier;
import io.policyrouter.vocabulary.TaskPrediction;
import io.policyrouter.vocabulary.TaskType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Would a second, heavier task-type tier pay? Issue 13 allows one for low-confidence prompts only if it lifts the
 * leave-one-source-out accuracy by at least 5 points. This measures it: sentence embeddings (quantized, ONNX,
 * in-process) with a softmax head, scored leave one source out exactly like the fast tier ({@link TaskTypeEvaluation}),
 * then mixed into the fast tier's held-out probabilities below a confidence bound. Two encoders: all-MiniLM-L6-v2 for
 * every prompt (the model the issue names; English only), and the same for prompts without Chinese with
 * bge-small-zh-v1.5 for those with it, each language with its own head (their vectors differ in size and meaning).
 *
 * <p>Not part of the default build (the ONNX runtime is large): {@code mvn -q -Pembedding-probe compile
 * exec:java@probe-embedding-tier}. The figures it printed are in docs/annotator.md.
 */
public final class EmbeddingTierProbe {

    private static final int K = TaskType.values().length;

    private EmbeddingTierProbe() {
    }

    public static void main(String[] args) throws IOException {
        List<TrainTaskClassifier.Row> rows = TrainTaskClassifier.read(Path.of(TrainTaskClassifier.DEFAULT_DATA));
        List<TrainTaskClassifier.Row> extra = TrainTaskClassifier.read(Path.of(TrainTaskClassifier.HANDMADE));
        EmbeddingModel miniLm = new AllMiniLmL6V2QuantizedEmbeddingModel();
        EmbeddingModel bgeZh = new BgeSmallZhV15QuantizedEmbeddingModel();
        float[][] e = embed(miniLm, rows, r -> true);
        float[][] x = embed(miniLm, extra, r -> true);
        float[][] ez = embed(bgeZh, rows, EmbeddingTierProbe::chinese);
        float[][] xz = embed(bgeZh, extra, EmbeddingTierProbe::chinese);
        String en = rows.stream().filter(r -> !chinese(r)).findFirst().orElseThrow().prompt();
        String zh = rows.stream().filter(EmbeddingTierProbe::chinese).findFirst().orElseThrow().prompt();
        System.out.printf(Locale.ROOT, "all-MiniLM-L6-v2: %.2f ms for a 2 KB prompt (warm, one thread)%n",
                warmMillis(miniLm, en, 2048));
        System.out.printf(Locale.ROOT, "bge-small-zh-v1.5: %.2f ms for a 2 KB Chinese prompt (warm, one thread)%n",
                warmMillis(bgeZh, zh, 2048 / 3));

        List<String> sources = rows.stream().map(TrainTaskClassifier.Row::source).distinct().sorted().toList();
        double[][] oneHead = null;
        double[][] twoHeads = null;
        for (double lambda : new double[] {1e-4, 1e-3, 1e-2}) {
            double[][] p = heldOut(rows, extra, sources, (r, i, train) -> train ? x[i] : e[i], r -> 0, lambda);
            double[][] q = heldOut(rows, extra, sources,
                    (r, i, train) -> chinese(r) ? (train ? xz[i] : ez[i]) : (train ? x[i] : e[i]),
                    r -> chinese(r) ? 1 : 0, lambda);
            System.out.printf(Locale.ROOT, "l2 %.0e, head alone, leave one source out: all-MiniLM %.3f, "
                    + "with bge-small-zh for Chinese %.3f%n", lambda, accuracy(p, rows), accuracy(q, rows));
            if (lambda == 1e-3) {
                oneHead = p;
                twoHeads = q;
            }
        }

        TrainTaskClassifier.Params params = TrainTaskClassifier.Params.DEFAULT;
        double[][] fast = TaskTypeEvaluation.leaveOneSourceOut(rows, extra, params);
        TaskPrediction[] held = TaskTypeEvaluation.nestedCalibrated(rows, fast,
                LinearModel.resource(TaskClassifier.RESOURCE), params.capabilityThreshold());
        int right = 0;
        for (int i = 0; i < rows.size(); i++) {
            right += held[i].type() == rows.get(i).label() ? 1 : 0;
        }
        double base = right / (double) rows.size();
        System.out.printf(Locale.ROOT, "fast tier, leave one source out: accuracy %.3f%n", base);
        report("all-MiniLM-L6-v2", rows, sources, fast, held, oneHead, base);
        report("all-MiniLM-L6-v2, bge-small-zh-v1.5 for Chinese", rows, sources, fast, held, twoHeads, base);
    }

    /** The vector of row i (of the dev rows, or of the hand-written ones when {@code train}). */
    private interface Features {
        float[] of(TrainTaskClassifier.Row row, int i, boolean train);
    }

    /** Each dev row's head probabilities from heads trained without its source, one head per {@code group}. */
    private static double[][] heldOut(List<TrainTaskClassifier.Row> rows, List<TrainTaskClassifier.Row> extra,
            List<String> sources, Features f, ToIntFunction<TrainTaskClassifier.Row> group,
            double lambda) {
        double[][] p = new double[rows.size()][];
        for (String source : sources) {
            for (int g = 0; g < 2; g++) {
                List<float[]> tx = new ArrayList<>();
                List<Integer> ty = new ArrayList<>();
                for (int i = 0; i < extra.size(); i++) {
                    if (group.applyAsInt(extra.get(i)) == g) {
                        tx.add(f.of(extra.get(i), i, true));
                        ty.add(extra.get(i).label().ordinal());
                    }
                }
                for (int i = 0; i < rows.size(); i++) {
                    if (!rows.get(i).source().equals(source) && group.applyAsInt(rows.get(i)) == g) {
                        tx.add(f.of(rows.get(i), i, false));
                        ty.add(rows.get(i).label().ordinal());
                    }
                }
                if (tx.isEmpty()) {
                    continue;
                }
                double[][] w = train(tx, ty, lambda);
                for (int i = 0; i < rows.size(); i++) {
                    if (rows.get(i).source().equals(source) && group.applyAsInt(rows.get(i)) == g) {
                        p[i] = predict(w, f.of(rows.get(i), i, false));
                    }
                }
            }
        }
        return p;
    }

    private static void report(String name, List<TrainTaskClassifier.Row> rows, List<String> sources, double[][] fast,
            TaskPrediction[] held, double[][] head, double base) {
        System.out.println();
        System.out.println("Second tier: " + name);
        System.out.println("| second tier below confidence | share reaching it | weight of the head | accuracy | lift |");
        System.out.println("|---|---|---|---|---|");
        for (double bound : new double[] {0.45, 0.55, 0.65, 0.75, 1.01}) {
            for (double weight : new double[] {0.5, 1.0}) {
                int ok = 0;
                int reached = 0;
                for (int i = 0; i < rows.size(); i++) {
                    TaskType pred = held[i].type();
                    if (held[i].confidence() < bound) {
                        reached++;
                        double[] mix = new double[K];
                        for (int k = 0; k < K; k++) {
                            mix[k] = (1 - weight) * fast[i][k] + weight * head[i][k];
                        }
                        pred = TaskType.values()[argmax(mix)];
                    }
                    ok += pred == rows.get(i).label() ? 1 : 0;
                }
                double acc = ok / (double) rows.size();
                System.out.printf(Locale.ROOT, "| %.2f | %.3f | %.1f | %.3f | %+.3f |%n", bound,
                        reached / (double) rows.size(), weight, acc, acc - base);
            }
        }
        System.out.println("| source | rows | embedding head | fast tier |");
        System.out.println("|---|---|---|---|");
        for (String source : sources) {
            int n = 0;
            int okHead = 0;
            int okFast = 0;
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).source().equals(source)) {
                    n++;
                    okHead += argmax(head[i]) == rows.get(i).label().ordinal() ? 1 : 0;
                    okFast += held[i].type() == rows.get(i).label() ? 1 : 0;
                }
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f |%n", source, n, okHead / (double) n,
                    okFast / (double) n);
        }
    }

    /** Two or more Han characters: the prompts the Chinese encoder takes. */
    static boolean chinese(TrainTaskClassifier.Row row) {
        String t = row.prompt();
        int han = 0;
        for (int i = 0; i < t.length() && han < 2; i++) {
            han += Character.UnicodeScript.of(t.charAt(i)) == Character.UnicodeScript.HAN ? 1 : 0;
        }
        return han >= 2;
    }

    private static double warmMillis(EmbeddingModel model, String sample, int chars) {
        String text = sample.repeat(chars / sample.length() + 1).substring(0, chars);
        for (int i = 0; i < 20; i++) {
            model.embed(text);
        }
        long t = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            model.embed(text);
        }
        return (System.nanoTime() - t) / 1e6 / 50;
    }

    private static float[][] embed(EmbeddingModel model, List<TrainTaskClassifier.Row> rows,
            Predicate<TrainTaskClassifier.Row> which) {
        float[][] out = new float[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            if (which.test(rows.get(i))) {
                out[i] = model.embed(rows.get(i).prompt()).content().vector();
            }
        }
        return out;
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    private static double accuracy(double[][] p, List<TrainTaskClassifier.Row> rows) {
        int ok = 0;
        for (int i = 0; i < rows.size(); i++) {
            ok += argmax(p[i]) == rows.get(i).label().ordinal() ? 1 : 0;
        }
        return ok / (double) rows.size();
    }

    private static double[] predict(double[][] w, float[] x) {
        double[] z = new double[K];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < K; k++) {
            double s = w[k][x.length];
            for (int j = 0; j < x.length; j++) {
                s += w[k][j] * x[j];
            }
            z[k] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int k = 0; k < K; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < K; k++) {
            z[k] /= sum;
        }
        return z;
    }

    /** Softmax regression, full-batch gradient descent with momentum, classes weighted by 1/sqrt(frequency). */
    private static double[][] train(List<float[]> xs, List<Integer> ys, double lambda) {
        int d = xs.get(0).length;
        int n = xs.size();
        double[] classWeight = new double[K];
        ys.forEach(y -> classWeight[y]++);
        for (int k = 0; k < K; k++) {
            classWeight[k] = classWeight[k] == 0 ? 0 : Math.sqrt(n / (K * classWeight[k]));
        }
        double[][] w = new double[K][d + 1];
        double[][] v = new double[K][d + 1];
        for (int it = 0; it < 400; it++) {
            double[][] g = new double[K][d + 1];
            for (int i = 0; i < n; i++) {
                double[] p = predict(w, xs.get(i));
                int y = ys.get(i);
                float[] x = xs.get(i);
                for (int k = 0; k < K; k++) {
                    double r = classWeight[y] * (p[k] - (k == y ? 1 : 0)) / n;
                    for (int j = 0; j < d; j++) {
                        g[k][j] += r * x[j];
                    }
                    g[k][d] += r;
                }
            }
            for (int k = 0; k < K; k++) {
                for (int j = 0; j <= d; j++) {
                    v[k][j] = 0.9 * v[k][j] - 2.0 * (g[k][j] + (j < d ? lambda * w[k][j] : 0));
                    w[k][j] += v[k][j];
                }
            }
        }
        return w;
    }
}
