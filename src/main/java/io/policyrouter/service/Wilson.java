package io.policyrouter.service;

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
}
