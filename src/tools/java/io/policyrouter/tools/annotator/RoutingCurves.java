package io.policyrouter.tools.annotator;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Quality-versus-cost curves of a router that sends the highest-scored share of requests to the strong model, with
 * RouteLLM's figures. Used for the learned difficulty score, for baselines, and (by the lead's replay) for the whole
 * policy: any router that can be expressed as a score per row.
 *
 * <p>Definitions, per set of rows: routing the top k of N rows (by score) to the strong model gives quality
 * q(k) = (sum of strong_correct over the routed rows + weak_correct over the rest) / N. PGR(k) = (q(k) − q_weak) /
 * (q_strong − q_weak), where q_weak = q(0) and q_strong = q(N). APGR is the area under PGR over the share of strong
 * calls x = k/N ∈ [0, 1], by the trapezoid rule on every k = 0..N (the same discretisation for every router).
 * CPT(p) is the smallest share x at which PGR reaches p. Rows with equal scores are treated as one block routed in
 * random order: inside a block the curve is the expected value, i.e. linear. So a constant score gives the
 * random router's expected curve PGR(x) = x, APGR = 0.5.
 */
public final class RoutingCurves {

    /** One row: the router's score (higher = send to strong first) and the two recorded outcomes (0/1). */
    public record Outcome(double score, int strong, int weak) {
    }

    /**
     * A curve. {@code pgr[k]} and {@code quality[k]} are at k strong calls (k = 0..n). {@code apgr}, {@code cpt50},
     * {@code cpt80} are NaN when the strong and weak models score the same on these rows (PGR undefined).
     */
    public record Curve(int n, double qStrong, double qWeak, double[] quality, double[] pgr, double apgr,
                        double cpt50, double cpt80) {

        /** Quality at a share x ∈ [0, 1] of strong calls (linear between rows). */
        public double qualityAt(double x) {
            return interpolate(quality, x);
        }

        public double pgrAt(double x) {
            return interpolate(pgr, x);
        }

        /** Smallest share of strong calls at which PGR reaches p (NaN if never). */
        public double cpt(double p) {
            return RoutingCurves.cpt(pgr, p);
        }

        private double interpolate(double[] a, double x) {
            double pos = Math.max(0, Math.min(1, x)) * n;
            int lo = (int) Math.floor(pos);
            if (lo >= n) {
                return a[n];
            }
            return a[lo] + (pos - lo) * (a[lo + 1] - a[lo]);
        }
    }

    private RoutingCurves() {
    }

    public static Curve curve(List<Outcome> rows) {
        int n = rows.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -rows.get(i).score()).thenComparingInt(i -> i));
        double baseWeak = 0;
        for (Outcome o : rows) {
            baseWeak += o.weak();
        }
        // gain[k]: expected sum of (strong - weak) over the first k rows, ties as blocks.
        double[] gain = new double[n + 1];
        int a = 0;
        while (a < n) {
            int b = a + 1;
            double s = rows.get(order[a]).score();
            while (b < n && Double.compare(rows.get(order[b]).score(), s) == 0) {
                b++;
            }
            double block = 0;
            for (int i = a; i < b; i++) {
                Outcome o = rows.get(order[i]);
                block += o.strong() - o.weak();
            }
            for (int k = a + 1; k <= b; k++) {
                gain[k] = gain[a] + block * (k - a) / (b - a);
            }
            a = b;
        }
        double[] quality = new double[n + 1];
        double[] pgr = new double[n + 1];
        double total = gain[n];
        for (int k = 0; k <= n; k++) {
            quality[k] = n == 0 ? 0 : (baseWeak + gain[k]) / n;
            pgr[k] = total == 0 ? Double.NaN : gain[k] / total;
        }
        double apgr = Double.NaN;
        if (total != 0 && n > 0) {
            double area = 0;
            for (int k = 1; k <= n; k++) {
                area += (pgr[k - 1] + pgr[k]) / 2;
            }
            apgr = area / n;
        }
        return new Curve(n, n == 0 ? 0 : quality[n], n == 0 ? 0 : quality[0], quality, pgr, apgr, cpt(pgr, 0.5),
                cpt(pgr, 0.8));
    }

    private static double cpt(double[] pgr, double p) {
        int n = pgr.length - 1;
        if (n <= 0 || Double.isNaN(pgr[n])) {
            return Double.NaN;
        }
        for (int k = 0; k <= n; k++) {
            if (pgr[k] >= p) {
                if (k == 0) {
                    return 0;
                }
                // linear inside the step from k-1 to k
                double frac = (p - pgr[k - 1]) / (pgr[k] - pgr[k - 1]);
                return (k - 1 + frac) / n;
            }
        }
        return Double.NaN;
    }
}
