package io.policyrouter.learn;

/**
 * The Wilson score interval of a proportion: well-behaved for small counts and for rates near 0 or 1, where the
 * normal approximation gives nonsense (negative rates, zero width).
 */
public final class Wilson {

    /** 95 % two-sided. */
    public static final double Z95 = 1.959963984540054;

    private Wilson() {
    }

    /** {low, high} for k successes out of n (n = 0: {0, 1}, nothing known). */
    public static double[] interval(long k, long n, double z) {
        if (n <= 0) {
            return new double[] {0, 1};
        }
        double p = (double) k / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /**
     * One-sided p-value that proportion a (ka of na) is below proportion b (kb of nb): the pooled two-proportion
     * z-test. Used where two rates are compared (a policy version against the one before it).
     */
    public static double pBelow(long ka, long na, long kb, long nb) {
        if (na <= 0 || nb <= 0) {
            return 1;
        }
        double pa = (double) ka / na;
        double pb = (double) kb / nb;
        double pooled = (double) (ka + kb) / (na + nb);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / na + 1.0 / nb));
        if (se == 0) {
            return pa < pb ? 0 : 1;
        }
        return normalCdf((pa - pb) / se);
    }

    /** Standard normal CDF (Abramowitz and Stegun 7.1.26 through erf; absolute error below 1.5e-7). */
    static double normalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592)
                * t * Math.exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
