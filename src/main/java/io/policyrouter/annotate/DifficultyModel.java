package io.policyrouter.annotate;

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
 * A gzip stream of big-endian {@link DataOutputStream} values:
 * <pre>
 * int    magic 0x50524454 ("PRDT"), int version = 2
 * UTF    TextFeatures spec, UTF PromptShape spec   loading fails on a mismatch
 * int    D, then D x UTF       input names (TextFeatures signals, task_&lt;type&gt;, PromptShape signals)
 * int    E = 2, then per ensemble (FULL, FEATURES_ONLY):
 *          double calibration a, double calibration b      score = sigmoid(a * output + b)
 *          int depth, float base, int L, then L x (short input, float weight)   linear start
 *          int T trees,
 *          T*(2^depth-1) x (short input, float threshold), T*2^depth x float leaf
 * int    M, then M x (UTF,UTF) metadata (training settings)
 * int    F, then F x long      fingerprint: sorted first 8 bytes of SHA-256(UTF-8 text) of every training row
 * </pre>
 */
public final class DifficultyModel {

    private static final int MAGIC = 0x50524454;
    private static final int VERSION = 2;

    /** Ensemble indices. */
    public static final int FULL = 0, FEATURES_ONLY = 1;

    /** One ensemble with its calibration. */
    public record Ensemble(BoostedTrees trees, double calibrationA, double calibrationB) {
    }

    private final String[] inputs;
    private final Ensemble[] ensembles;
    private final Map<String, String> meta;
    private final long[] fingerprint;

    public DifficultyModel(String[] inputs, Ensemble full, Ensemble featuresOnly, Map<String, String> meta,
                           long[] fingerprint) {
        this.inputs = inputs.clone();
        this.ensembles = new Ensemble[] {full, featuresOnly};
        for (Ensemble e : ensembles) {
            if (e.trees().maxInput() >= inputs.length) {
                throw new IllegalArgumentException("tree reads an input the model does not name");
            }
        }
        this.meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
        this.fingerprint = fingerprint.clone();
        Arrays.sort(this.fingerprint);
    }

    /** Loads a model shipped on the classpath. */
    public static DifficultyModel resource(String path) {
        return ModelResource.load(path, DifficultyModel::read);
    }

    public static DifficultyModel read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw), 1 << 16));
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            throw new IOException("not a version-" + VERSION + " difficulty model");
        }
        String spec = in.readUTF();
        String shape = in.readUTF();
        if (!TextFeatures.SPEC.equals(spec) || !PromptShape.SPEC.equals(shape)) {
            throw new IOException("model built for features " + spec + "/" + shape + ", code has "
                    + TextFeatures.SPEC + "/" + PromptShape.SPEC);
        }
        String[] inputs = new String[in.readInt()];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = in.readUTF();
        }
        int count = in.readInt();
        if (count != 2) {
            throw new IOException("expected 2 ensembles, found " + count);
        }
        Ensemble[] e = new Ensemble[count];
        for (int k = 0; k < count; k++) {
            double a = in.readDouble();
            double b = in.readDouble();
            int depth = in.readInt();
            float base = in.readFloat();
            int linear = in.readInt();
            if (linear < 0 || linear > inputs.length) {
                throw new IOException("bad linear start");
            }
            int[] linearInput = new int[linear];
            float[] linearWeight = new float[linear];
            for (int i = 0; i < linear; i++) {
                linearInput[i] = in.readShort();
                linearWeight[i] = in.readFloat();
                if (linearInput[i] < 0 || linearInput[i] >= inputs.length) {
                    throw new IOException("linear term on unknown input " + linearInput[i]);
                }
            }
            int trees = in.readInt();
            if (depth < 1 || depth > 8 || trees < 0 || trees > 100_000) {
                throw new IOException("bad ensemble dimensions");
            }
            int nodes = trees * ((1 << depth) - 1);
            int[] feature = new int[nodes];
            float[] threshold = new float[nodes];
            for (int i = 0; i < nodes; i++) {
                feature[i] = in.readShort();
                threshold[i] = in.readFloat();
                if (feature[i] < 0 || feature[i] >= inputs.length) {
                    throw new IOException("split on unknown input " + feature[i]);
                }
            }
            float[] leaf = new float[trees << depth];
            for (int i = 0; i < leaf.length; i++) {
                leaf[i] = in.readFloat();
            }
            e[k] = new Ensemble(new BoostedTrees(depth, base, linearInput, linearWeight, feature, threshold, leaf), a,
                    b);
        }
        int m = in.readInt();
        Map<String, String> meta = new LinkedHashMap<>();
        for (int i = 0; i < m; i++) {
            meta.put(in.readUTF(), in.readUTF());
        }
        long[] fp = new long[in.readInt()];
        for (int i = 0; i < fp.length; i++) {
            fp[i] = in.readLong();
        }
        return new DifficultyModel(inputs, e[0], e[1], meta, fp);
    }

    public void write(OutputStream raw) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16);
        DataOutputStream out = new DataOutputStream(gz);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(TextFeatures.SPEC);
        out.writeUTF(PromptShape.SPEC);
        out.writeInt(inputs.length);
        for (String s : inputs) {
            out.writeUTF(s);
        }
        out.writeInt(ensembles.length);
        for (Ensemble e : ensembles) {
            BoostedTrees t = e.trees();
            out.writeDouble(e.calibrationA());
            out.writeDouble(e.calibrationB());
            out.writeInt(t.depth());
            out.writeFloat(t.base());
            int[] linearInput = t.linearInputs();
            float[] linearWeight = t.linearWeights();
            out.writeInt(linearInput.length);
            for (int i = 0; i < linearInput.length; i++) {
                out.writeShort(linearInput[i]);
                out.writeFloat(linearWeight[i]);
            }
            out.writeInt(t.trees());
            int[] feature = t.features();
            float[] threshold = t.thresholds();
            for (int i = 0; i < feature.length; i++) {
                out.writeShort(feature[i]);
                out.writeFloat(threshold[i]);
            }
            for (float v : t.leaves()) {
                out.writeFloat(v);
            }
        }
        out.writeInt(meta.size());
        for (Map.Entry<String, String> e : meta.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
        out.writeInt(fingerprint.length);
        for (long f : fingerprint) {
            out.writeLong(f);
        }
        out.flush();
        gz.finish();
    }

    public String[] inputs() {
        return inputs.clone();
    }

    public Ensemble ensemble(int which) {
        return ensembles[which];
    }

    /** The same trees with other metadata. */
    public DifficultyModel withMeta(Map<String, String> newMeta) {
        return new DifficultyModel(inputs, ensembles[0], ensembles[1], newMeta, fingerprint);
    }

    /** The same model with other calibrations (a, b per ensemble). */
    public DifficultyModel withCalibration(double[] full, double[] featuresOnly) {
        return new DifficultyModel(inputs, new Ensemble(ensembles[0].trees(), full[0], full[1]),
                new Ensemble(ensembles[1].trees(), featuresOnly[0], featuresOnly[1]), meta, fingerprint);
    }

    public String meta(String key) {
        return meta.get(key);
    }

    public Map<String, String> meta() {
        return meta;
    }

    public int fingerprintSize() {
        return fingerprint.length;
    }

    /** True when a row with exactly this text was in the training data. */
    public boolean trainedOn(String text) {
        return Arrays.binarySearch(fingerprint, LinearModel.fingerprint(text)) >= 0;
    }
}
