package io.policyrouter.annotate.model;

import io.policyrouter.annotate.shape.PromptShape;
import io.policyrouter.annotate.shape.TextFeatures;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The trained difficulty model: named dense inputs and two boosted-tree ensembles over them, each with a logistic
 * calibration of its output to P(weak model fails). {@link #FULL} reads every input, including the {@link PromptShape}
 * signals measured on the text; {@link #FEATURES_ONLY} never splits on those, for callers that only hold the shared
 * {@link TextFeatures}. Immutable and thread-safe.
 *
 * <h2>File format ({@code difficulty.model}, version 2)</h2>
 * A {@link ModelFile}: magic 0x50524454 ("PRDT"), version 2, then
 * <pre>
 * UTF    TextFeatures spec, UTF PromptShape spec   loading fails on a mismatch
 * int    D, then D x UTF       input names (TextFeatures signals, task_&lt;type&gt;, PromptShape signals)
 * int    E = 2, then per ensemble (FULL, FEATURES_ONLY):
 *          double calibration a, double calibration b      score = sigmoid(a * output + b)
 *          int depth, float base, int L, then L x (short input, float weight)   linear start
 *          int T trees,
 *          T*(2^depth-1) x (short input, float threshold), T*2^depth x float leaf
 * </pre>
 * and the provenance (metadata, training fingerprint).
 */
public final class DifficultyModel implements ModelFile.Trained {

    private static final int MAGIC = 0x50524454;
    private static final int VERSION = 2;

    /** Ensemble indices. */
    public static final int FULL = 0, FEATURES_ONLY = 1;

    /** One ensemble with its calibration. */
    public record Ensemble(BoostedTrees trees, double calibrationA, double calibrationB) {
    }

    private final String[] inputs;
    private final Ensemble[] ensembles;
    private final ModelFile.Provenance provenance;

    public DifficultyModel(String[] inputs, Ensemble full, Ensemble featuresOnly, Map<String, String> meta,
                           long[] fingerprint) {
        this(inputs, full, featuresOnly, new ModelFile.Provenance(meta, fingerprint));
    }

    private DifficultyModel(String[] inputs, Ensemble full, Ensemble featuresOnly, ModelFile.Provenance provenance) {
        this.inputs = inputs.clone();
        this.ensembles = new Ensemble[] {full, featuresOnly};
        for (Ensemble e : ensembles) {
            if (e.trees().maxInput() >= inputs.length) {
                throw new IllegalArgumentException("tree reads an input the model does not name");
            }
        }
        this.provenance = provenance;
    }

    /** Loads a model shipped on the classpath. */
    public static DifficultyModel resource(String path) {
        return ModelResource.load(path, DifficultyModel::read);
    }

    public static DifficultyModel read(InputStream raw) throws IOException {
        ModelFile.In in = ModelFile.In.open(raw, MAGIC, VERSION, "difficulty model");
        String spec = in.text();
        String shape = in.text();
        if (!TextFeatures.SPEC.equals(spec) || !PromptShape.SPEC.equals(shape)) {
            throw new IOException("model built for features " + spec + "/" + shape + ", code has "
                    + TextFeatures.SPEC + "/" + PromptShape.SPEC);
        }
        String[] inputs = in.texts(1 << 15, "input count");
        int count = in.integer();
        if (count != 2) {
            throw new IOException("expected 2 ensembles, found " + count);
        }
        Ensemble[] e = new Ensemble[count];
        for (int k = 0; k < count; k++) {
            double a = in.doubleValue();
            double b = in.doubleValue();
            int depth = in.integer();
            float base = in.floatValue();
            int linear = in.count(inputs.length, "linear start");
            int[] linearInput = new int[linear];
            float[] linearWeight = new float[linear];
            for (int i = 0; i < linear; i++) {
                linearInput[i] = input(in.shortValue(), inputs, "linear term");
                linearWeight[i] = in.floatValue();
            }
            int trees = in.integer();
            if (depth < 1 || depth > 8 || trees < 0 || trees > 100_000) {
                throw new IOException("bad ensemble dimensions");
            }
            int nodes = trees * ((1 << depth) - 1);
            int[] feature = new int[nodes];
            float[] threshold = new float[nodes];
            for (int i = 0; i < nodes; i++) {
                feature[i] = input(in.shortValue(), inputs, "split");
                threshold[i] = in.floatValue();
            }
            float[] leaf = in.floats(trees << depth);
            e[k] = new Ensemble(new BoostedTrees(depth, base, linearInput, linearWeight, feature, threshold, leaf), a,
                    b);
        }
        return new DifficultyModel(inputs, e[0], e[1], in.provenance());
    }

    private static int input(int index, String[] inputs, String what) throws IOException {
        if (index < 0 || index >= inputs.length) {
            throw new IOException(what + " on unknown input " + index);
        }
        return index;
    }

    public void write(OutputStream raw) throws IOException {
        ModelFile.Out out = ModelFile.Out.open(raw, MAGIC, VERSION).text(TextFeatures.SPEC).text(PromptShape.SPEC)
                .texts(inputs).integer(ensembles.length);
        for (Ensemble e : ensembles) {
            BoostedTrees t = e.trees();
            out.doubleValue(e.calibrationA()).doubleValue(e.calibrationB()).integer(t.depth()).floatValue(t.base());
            int[] linearInput = t.linearInputs();
            float[] linearWeight = t.linearWeights();
            out.integer(linearInput.length);
            for (int i = 0; i < linearInput.length; i++) {
                out.shortValue(linearInput[i]).floatValue(linearWeight[i]);
            }
            out.integer(t.trees());
            int[] feature = t.features();
            float[] threshold = t.thresholds();
            for (int i = 0; i < feature.length; i++) {
                out.shortValue(feature[i]).floatValue(threshold[i]);
            }
            out.floats(t.leaves());
        }
        out.finish(provenance);
    }

    public String[] inputs() {
        return inputs.clone();
    }

    public Ensemble ensemble(int which) {
        return ensembles[which];
    }

    /** The same trees with other metadata. */
    public DifficultyModel withMeta(Map<String, String> newMeta) {
        return new DifficultyModel(inputs, ensembles[0], ensembles[1], provenance.withMeta(newMeta));
    }

    /** The same model with other calibrations (a, b per ensemble). */
    public DifficultyModel withCalibration(double[] full, double[] featuresOnly) {
        return new DifficultyModel(inputs, new Ensemble(ensembles[0].trees(), full[0], full[1]),
                new Ensemble(ensembles[1].trees(), featuresOnly[0], featuresOnly[1]), provenance);
    }

    @Override
    public ModelFile.Provenance provenance() {
        return provenance;
    }
}
