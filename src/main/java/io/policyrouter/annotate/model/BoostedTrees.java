package io.policyrouter.annotate.model;

import java.util.Arrays;

/**
 * An additive ensemble of small regression trees over a dense input vector (gradient boosting) on top of a linear
 * start: the output is {@code base + sum of linear weight × input + sum of one leaf value per tree}. The linear start
 * lets the output keep moving outside the range of the training inputs (trees are flat there), e.g. a prompt shorter
 * than any seen in training reads as easier. Every tree has the same depth D and is stored complete: 2^D − 1 split
 * nodes (input index, threshold; go right when x &gt; threshold) in breadth-first order, then 2^D leaf values. A node
 * that does not split has threshold +∞ (everything goes left). Evaluating costs D comparisons per tree and allocates
 * nothing. Immutable and thread-safe.
 */
public final class BoostedTrees {

    private final int depth;
    private final float base;
    /** [tree][node] flattened: input index of each split node. */
    private final int[] feature;
    /** [tree][node] flattened: threshold of each split node. */
    private final float[] threshold;
    /** [tree][leaf] flattened. */
    private final float[] leaf;
    private final int trees;
    private final int[] linearInput;
    private final float[] linearWeight;

    public BoostedTrees(int depth, float base, int[] feature, float[] threshold, float[] leaf) {
        this(depth, base, new int[0], new float[0], feature, threshold, leaf);
    }

    public BoostedTrees(int depth, float base, int[] linearInput, float[] linearWeight, int[] feature,
                        float[] threshold, float[] leaf) {
        int nodes = (1 << depth) - 1;
        if (depth < 1 || depth > 8 || feature.length != threshold.length || feature.length % nodes != 0
                || leaf.length != feature.length / nodes * (1 << depth)) {
            throw new IllegalArgumentException("inconsistent tree ensemble dimensions");
        }
        this.depth = depth;
        this.base = base;
        this.feature = feature.clone();
        this.threshold = threshold.clone();
        this.leaf = leaf.clone();
        this.trees = feature.length / nodes;
        if (linearInput.length != linearWeight.length) {
            throw new IllegalArgumentException("inconsistent linear start");
        }
        this.linearInput = linearInput.clone();
        this.linearWeight = linearWeight.clone();
    }

    /** The output for inputs {@code x}. */
    public double predict(float[] x) {
        int nodes = (1 << depth) - 1;
        int leaves = 1 << depth;
        double sum = base;
        for (int k = 0; k < linearInput.length; k++) {
            sum += linearWeight[k] * x[linearInput[k]];
        }
        for (int t = 0, n0 = 0, l0 = 0; t < trees; t++, n0 += nodes, l0 += leaves) {
            int i = 0;
            for (int d = 0; d < depth; d++) {
                int node = n0 + i;
                i = 2 * i + (x[feature[node]] > threshold[node] ? 2 : 1);
            }
            sum += leaf[l0 + i - nodes];
        }
        return sum;
    }

    /**
     * Adds each tree's leaf value to the input that the tree's root splits on ({@code out[input]}): a per-input
     * explanation of the output (a tree is credited to its first question). Returns the output.
     */
    public double attribute(float[] x, double[] out) {
        int nodes = (1 << depth) - 1;
        int leaves = 1 << depth;
        double sum = base;
        for (int k = 0; k < linearInput.length; k++) {
            double v = linearWeight[k] * x[linearInput[k]];
            sum += v;
            out[linearInput[k]] += v;
        }
        for (int t = 0, n0 = 0, l0 = 0; t < trees; t++, n0 += nodes, l0 += leaves) {
            int i = 0;
            for (int d = 0; d < depth; d++) {
                int node = n0 + i;
                i = 2 * i + (x[feature[node]] > threshold[node] ? 2 : 1);
            }
            double v = leaf[l0 + i - nodes];
            sum += v;
            out[feature[n0]] += v;
        }
        return sum;
    }

    public int depth() {
        return depth;
    }

    public float base() {
        return base;
    }

    public int trees() {
        return trees;
    }

    public int[] features() {
        return feature.clone();
    }

    public float[] thresholds() {
        return threshold.clone();
    }

    public float[] leaves() {
        return leaf.clone();
    }

    public int[] linearInputs() {
        return linearInput.clone();
    }

    public float[] linearWeights() {
        return linearWeight.clone();
    }

    /** Highest input index any split or linear term reads (−1 when none). */
    public int maxInput() {
        int m = -1;
        for (int i : linearInput) {
            m = Math.max(m, i);
        }
        for (int i = 0; i < feature.length; i++) {
            if (threshold[i] != Float.POSITIVE_INFINITY) {
                m = Math.max(m, feature[i]);
            }
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BoostedTrees b && b.depth == depth && Float.compare(b.base, base) == 0
                && Arrays.equals(b.feature, feature) && Arrays.equals(b.threshold, threshold)
                && Arrays.equals(b.leaf, leaf) && Arrays.equals(b.linearInput, linearInput)
                && Arrays.equals(b.linearWeight, linearWeight);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(leaf) * 31 + depth;
    }
}
