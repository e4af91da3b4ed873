package io.policyrouter.tools.annotator;


import io.policyrouter.annotate.model.LinearModel;
import io.policyrouter.annotate.shape.TextFeatures;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Fits {@link LinearModel}s: L2-regularised multinomial logistic regression (K labels) or binary logistic
 * regression with soft targets (K = 1), by full-batch L-BFGS. Deterministic: no randomness, fixed iteration order,
 * so the same examples and settings give the same weights bit for bit.
 *
 * <p>Objective: weighted mean log-loss + l2Hashed/2 ||H||^2 + l2Dense/2 ||W - prior||^2 (bias unpenalised). The
 * prior mean lets a hand-written cue start from a sensible weight (e.g. "translate" toward TRANSLATION) that the
 * data can move; with few or no examples of a label, the prior carries it.
 */
public final class LinearTrainer {

    /** One training row: folded, merged hashed buckets with values; dense inputs; label or soft target; weight. */
    public record Example(int[] buckets, float[] values, double[] x, int label, double target, double weight) {
    }

    public record Settings(int hashBits, double l2Hashed, double l2Dense, int maxIterations) {
    }

    private LinearTrainer() {
    }

    /** Folds and merges the hashed n-grams of {@code f} into buckets of a 2^hashBits table. */
    public static Example example(TextFeatures f, double[] x, int hashBits, int label, double target, double weight) {
        return example(f, 0, x, hashBits, label, target, weight);
    }

    /** As above, with n-gram ids re-hashed by {@code salt} (see {@link LinearModel#addHashed(TextFeatures, int, double[])}). */
    public static Example example(TextFeatures f, int salt, double[] x, int hashBits, int label, double target,
                                  double weight) {
        return example(f, salt, TextFeatures.ALL_KINDS, x, hashBits, label, target, weight);
    }

    /** As above, reading only the n-gram kinds in {@code kinds}, valued 1/sqrt(their count) as the model scores. */
    public static Example example(TextFeatures f, int salt, int kinds, double[] x, int hashBits, int label,
                                  double target, double weight) {
        int mask = (1 << hashBits) - 1;
        int all = f.hashedCount();
        int[] b = new int[all];
        int n = 0;
        for (int i = 0; i < all; i++) {
            if (((kinds >>> f.hashedKind(i)) & 1) != 0) {
                b[n++] = LinearModel.bucket(f.hashedId(i), salt, mask);
            }
        }
        b = Arrays.copyOf(b, n);
        float value = n == 0 ? 0f : (float) (1.0 / Math.sqrt(n));
        Arrays.sort(b);
        int[] buckets = new int[n];
        float[] values = new float[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m > 0 && buckets[m - 1] == b[i]) {
                values[m - 1] += value;
            } else {
                buckets[m] = b[i];
                values[m] = value;
                m++;
            }
        }
        return new Example(Arrays.copyOf(buckets, m), Arrays.copyOf(values, m), x, label, target, weight);
    }

    /**
     * Trains and packs a model. {@code prior} is the dense prior mean [input][label] (null = zeros).
     */
    public static LinearModel train(String kind, String[] labels, String[] inputs, List<Example> data, Settings s,
                                    double[] prior, Map<String, String> meta, long[] fingerprint) {
        int k = labels.length;
        int d = inputs.length;
        int h = 1 << s.hashBits();
        double[] p0 = new double[k + d * k + h * k];
        if (prior != null) {
            System.arraycopy(prior, 0, p0, k, d * k);
        }
        Objective obj = new Objective(data, k, d, h, s, prior);
        double[] w = lbfgs(obj, p0, s.maxIterations());
        float[] bias = new float[k];
        float[] dense = new float[d * k];
        float[] hashed = new float[h * k];
        for (int i = 0; i < k; i++) {
            bias[i] = (float) w[i];
        }
        for (int i = 0; i < d * k; i++) {
            dense[i] = (float) w[k + i];
        }
        for (int i = 0; i < h * k; i++) {
            hashed[i] = (float) w[k + d * k + i];
        }
        return new LinearModel(kind, labels, s.hashBits(), inputs, bias, dense, hashed, meta, fingerprint);
    }

    private static final class Objective {
        final List<Example> data;
        final int k, d, h;
        final Settings s;
        final double[] prior;
        final double totalWeight;

        Objective(List<Example> data, int k, int d, int h, Settings s, double[] prior) {
            this.data = data;
            this.k = k;
            this.d = d;
            this.h = h;
            this.s = s;
            this.prior = prior;
            double t = 0;
            for (Example e : data) {
                t += e.weight();
            }
            this.totalWeight = t;
        }

        /** Returns the loss and writes the gradient. */
        double evaluate(double[] w, double[] g) {
            Arrays.fill(g, 0);
            double loss = 0;
            double[] z = new double[k];
            int denseAt = k;
            int hashAt = k + d * k;
            for (Example e : data) {
                for (int j = 0; j < k; j++) {
                    z[j] = w[j];
                }
                double[] x = e.x();
                for (int i = 0; i < d; i++) {
                    double v = x[i];
                    if (v != 0) {
                        int row = denseAt + i * k;
                        for (int j = 0; j < k; j++) {
                            z[j] += v * w[row + j];
                        }
                    }
                }
                int[] b = e.buckets();
                float[] vals = e.values();
                for (int i = 0; i < b.length; i++) {
                    int row = hashAt + b[i] * k;
                    double v = vals[i];
                    for (int j = 0; j < k; j++) {
                        z[j] += v * w[row + j];
                    }
                }
                double scale = e.weight() / totalWeight;
                // z becomes dLoss/dz
                if (k == 1) {
                    double zz = z[0];
                    double y = e.target();
                    loss += scale * (Math.max(zz, 0) + Math.log1p(Math.exp(-Math.abs(zz))) - y * zz);
                    z[0] = scale * (1 / (1 + Math.exp(-zz)) - y);
                } else {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < k; j++) {
                        max = Math.max(max, z[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < k; j++) {
                        sum += Math.exp(z[j] - max);
                    }
                    double logSum = max + Math.log(sum);
                    loss += scale * (logSum - z[e.label()]);
                    for (int j = 0; j < k; j++) {
                        z[j] = scale * (Math.exp(z[j] - logSum) - (j == e.label() ? 1 : 0));
                    }
                }
                for (int j = 0; j < k; j++) {
                    g[j] += z[j];
                }
                for (int i = 0; i < d; i++) {
                    double v = x[i];
                    if (v != 0) {
                        int row = denseAt + i * k;
                        for (int j = 0; j < k; j++) {
                            g[row + j] += v * z[j];
                        }
                    }
                }
                for (int i = 0; i < b.length; i++) {
                    int row = hashAt + b[i] * k;
                    double v = vals[i];
                    for (int j = 0; j < k; j++) {
                        g[row + j] += v * z[j];
                    }
                }
            }
            double reg = 0;
            for (int i = 0; i < d * k; i++) {
                double diff = w[denseAt + i] - (prior == null ? 0 : prior[i]);
                reg += 0.5 * s.l2Dense() * diff * diff;
                g[denseAt + i] += s.l2Dense() * diff;
            }
            for (int i = hashAt; i < w.length; i++) {
                reg += 0.5 * s.l2Hashed() * w[i] * w[i];
                g[i] += s.l2Hashed() * w[i];
            }
            return loss + reg;
        }
    }

    /** Limited-memory BFGS (m = 10) with a backtracking Armijo line search. */
    private static double[] lbfgs(Objective obj, double[] start, int maxIterations) {
        int n = start.length;
        int m = 10;
        double[] w = start.clone();
        double[] g = new double[n];
        double f = obj.evaluate(w, g);
        double[][] sHist = new double[m][];
        double[][] yHist = new double[m][];
        double[] rho = new double[m];
        double[] alpha = new double[m];
        int stored = 0;
        int head = 0;
        double[] dir = new double[n];
        double[] wNew = new double[n];
        double[] gNew = new double[n];
        for (int iter = 0; iter < maxIterations; iter++) {
            // two-loop recursion: dir = -H g
            System.arraycopy(g, 0, dir, 0, n);
            for (int c = 0; c < stored; c++) {
                int i = Math.floorMod(head - 1 - c, m);
                alpha[i] = rho[i] * dot(sHist[i], dir);
                axpy(-alpha[i], yHist[i], dir);
            }
            double gamma = 1;
            if (stored > 0) {
                int last = Math.floorMod(head - 1, m);
                gamma = dot(sHist[last], yHist[last]) / dot(yHist[last], yHist[last]);
            } else {
                gamma = 1 / Math.max(1e-12, Math.sqrt(dot(g, g)));
            }
            for (int i = 0; i < n; i++) {
                dir[i] *= gamma;
            }
            for (int c = stored - 1; c >= 0; c--) {
                int i = Math.floorMod(head - 1 - c, m);
                double beta = rho[i] * dot(yHist[i], dir);
                axpy(alpha[i] - beta, sHist[i], dir);
            }
            for (int i = 0; i < n; i++) {
                dir[i] = -dir[i];
            }
            double slope = dot(g, dir);
            if (slope >= 0) { // not a descent direction: restart from steepest descent
                stored = 0;
                for (int i = 0; i < n; i++) {
                    dir[i] = -g[i];
                }
                slope = dot(g, dir);
            }
            double step = 1;
            double fNew;
            int tries = 0;
            while (true) {
                for (int i = 0; i < n; i++) {
                    wNew[i] = w[i] + step * dir[i];
                }
                fNew = obj.evaluate(wNew, gNew);
                if (fNew <= f + 1e-4 * step * slope || ++tries > 30) {
                    break;
                }
                step *= 0.5;
            }
            double[] sVec = new double[n];
            double[] yVec = new double[n];
            for (int i = 0; i < n; i++) {
                sVec[i] = wNew[i] - w[i];
                yVec[i] = gNew[i] - g[i];
            }
            double sy = dot(sVec, yVec);
            double decrease = f - fNew;
            System.arraycopy(wNew, 0, w, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            f = fNew;
            if (sy > 1e-12) {
                sHist[head] = sVec;
                yHist[head] = yVec;
                rho[head] = 1 / sy;
                head = (head + 1) % m;
                stored = Math.min(stored + 1, m);
            }
            if (decrease >= 0 && decrease < 1e-9 * Math.max(1, Math.abs(f)) || Math.sqrt(dot(g, g)) < 1e-7) {
                break;
            }
        }
        return w;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }
}
