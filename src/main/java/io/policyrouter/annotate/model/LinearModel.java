package io.policyrouter.annotate.model;

import io.policyrouter.annotate.shape.TextFeatures;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A linear model over {@link TextFeatures}: named dense inputs plus a hashed n-gram table, with one output per label
 * (softmax over labels) or a single output (logistic). Immutable and thread-safe; scoring allocates nothing.
 *
 * <h2>File format ({@code .model}, version 1)</h2>
 * A {@link ModelFile}: magic 0x50524C4D ("PRLM"), version 1, then
 * <pre>
 * UTF    kind                  e.g. "task-type", "difficulty"
 * UTF    feature spec          {@link TextFeatures#SPEC}; loading fails on a mismatch
 * int    K, then K x UTF       output labels (K = 1: one logistic output)
 * int    hash bits B           hashed table has 2^B rows
 * int    D, then D x UTF       dense input names (signal names of TextFeatures, or model-specific inputs)
 * float  K                     bias
 * float  D*K                   dense weights, row-major [input][label]
 * float  2^B*K                 hashed weights, row-major [bucket][label]; bucket = n-gram id &amp; (2^B - 1)
 * </pre>
 * and the provenance (metadata, training fingerprint). Everything is written in a fixed order from deterministic training, so the same data gives the same bytes.
 */
public final class LinearModel implements ModelFile.Trained {

    private static final int MAGIC = 0x50524C4D;
    private static final int VERSION = 1;

    private final String kind;
    private final String spec;
    private final String[] labels;
    private final int hashBits;
    private final int mask;
    private final String[] inputs;
    private final float[] bias;
    private final float[] dense;
    /** Hashed weights, each bucket's row padded to {@link #stride} floats (a 16-float row is one cache line). */
    private final float[] hashed;
    private final int stride;
    /** Kinds of hashed n-gram the model reads (metadata "hashed_kinds"; default every kind). */
    private final int kindMask;
    private final ModelFile.Provenance provenance;

    public LinearModel(String kind, String[] labels, int hashBits, String[] inputs, float[] bias, float[] dense,
                       float[] hashed, Map<String, String> meta, long[] fingerprint) {
        this(kind, TextFeatures.SPEC, labels, hashBits, inputs, bias, dense, hashed,
                new ModelFile.Provenance(meta, fingerprint));
    }

    private LinearModel(String kind, String spec, String[] labels, int hashBits, String[] inputs, float[] bias,
                        float[] dense, float[] hashed, ModelFile.Provenance provenance) {
        int k = labels.length;
        if (hashBits < 1 || hashBits > 24 || bias.length != k || dense.length != inputs.length * k
                || hashed.length != (1 << hashBits) * k) {
            throw new IllegalArgumentException("inconsistent model dimensions");
        }
        this.kind = kind;
        this.spec = spec;
        this.labels = labels.clone();
        this.hashBits = hashBits;
        this.mask = (1 << hashBits) - 1;
        this.inputs = inputs.clone();
        this.bias = bias;
        this.dense = dense;
        this.stride = k == 1 ? 1 : (k + 7) & ~7;
        if (stride == k) {
            this.hashed = hashed;
        } else {
            this.hashed = new float[(1 << hashBits) * stride];
            for (int b = 0; b < (1 << hashBits); b++) {
                System.arraycopy(hashed, b * k, this.hashed, b * stride, k);
            }
        }
        this.provenance = provenance;
        this.kindMask = TextFeatures.kindMask(provenance.meta("hashed_kinds"));
    }

    /** Loads a model shipped on the classpath (absolute resource path, e.g. "/annotate/task-type.model"). */
    public static LinearModel resource(String path) {
        return ModelResource.load(path, LinearModel::read);
    }

    public static LinearModel read(InputStream raw) throws IOException {
        ModelFile.In in = ModelFile.In.open(raw, MAGIC, VERSION, "linear model");
        String kind = in.text();
        String spec = in.text();
        if (!TextFeatures.SPEC.equals(spec)) {
            throw new IOException("model built for feature spec " + spec + ", code has " + TextFeatures.SPEC);
        }
        String[] labels = in.texts(64, "label count");
        int bits = in.integer();
        if (labels.length < 1 || bits < 1 || bits > 24) {
            throw new IOException("bad model dimensions");
        }
        String[] inputs = in.texts(1 << 16, "input count");
        float[] bias = in.floats(labels.length);
        float[] dense = in.floats(inputs.length * labels.length);
        float[] hashed = in.floats((1 << bits) * labels.length);
        return new LinearModel(kind, spec, labels, bits, inputs, bias, dense, hashed, in.provenance());
    }

    public void write(OutputStream raw) throws IOException {
        ModelFile.Out out = ModelFile.Out.open(raw, MAGIC, VERSION).text(kind).text(spec).texts(labels)
                .integer(hashBits).texts(inputs).floats(bias).floats(dense);
        int k = labels.length;
        for (int b = 0; b < (1 << hashBits); b++) {
            for (int j = 0; j < k; j++) {
                out.floatValue(hashed[b * stride + j]);
            }
        }
        out.finish(provenance);
    }

    /**
     * Adds the model's raw scores (logits) to {@code out}: bias + dense inputs {@code x} (in {@link #inputs()} order)
     * + hashed n-grams of {@code f}.
     */
    public void logits(TextFeatures f, double[] x, double[] out) {
        logits(f, 0, x, out);
    }

    /** As {@link #logits(TextFeatures, double[], double[])}, with n-gram ids re-hashed by {@code salt}. */
    public void logits(TextFeatures f, int salt, double[] x, double[] out) {
        int k = labels.length;
        for (int j = 0; j < k; j++) {
            out[j] += bias[j];
        }
        for (int i = 0; i < inputs.length; i++) {
            double v = x[i];
            if (v != 0) {
                int row = i * k;
                for (int j = 0; j < k; j++) {
                    out[j] += v * dense[row + j];
                }
            }
        }
        addHashed(f, salt, out);
    }

    /** Adds only the hashed n-gram part of the logits. */
    public void addHashed(TextFeatures f, double[] out) {
        addHashed(f, 0, out);
    }

    /**
     * Adds the hashed part with n-gram ids re-hashed by {@code salt} (0 = as extracted): one table then holds
     * separate n-gram weights per salt, e.g. per answer format.
     */
    public void addHashed(TextFeatures f, int salt, double[] out) {
        if (kindMask != TextFeatures.ALL_KINDS) {
            addHashedKinds(f, salt, out);
            return;
        }
        int k = labels.length;
        int n = f.hashedCount();
        double v = f.hashedValue();
        if (k == 1) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += hashed[bucket(f.hashedId(i), salt, mask)];
            }
            out[0] += sum * v;
            return;
        }
        // Sum the raw rows (a vectorisable loop over one cache line each), scale once at the end.
        int st = stride;
        float[] acc = new float[st];
        float[] w = hashed;
        for (int i = 0; i < n; i++) {
            int row = bucket(f.hashedId(i), salt, mask) * st;
            for (int j = 0; j < st; j++) {
                acc[j] += w[row + j];
            }
        }
        for (int j = 0; j < k; j++) {
            out[j] += v * acc[j];
        }
    }

    /** The hashed part over the kinds the model reads only; each occurrence carries 1/sqrt(their count). */
    private void addHashedKinds(TextFeatures f, int salt, double[] out) {
        int k = labels.length;
        int n = f.hashedCount();
        int st = stride;
        float[] acc = new float[st];
        float[] w = hashed;
        int used = 0;
        for (int i = 0; i < n; i++) {
            if (((kindMask >>> f.hashedKind(i)) & 1) == 0) {
                continue;
            }
            used++;
            int row = bucket(f.hashedId(i), salt, mask) * st;
            for (int j = 0; j < st; j++) {
                acc[j] += w[row + j];
            }
        }
        if (used == 0) {
            return;
        }
        double v = 1.0 / Math.sqrt(used);
        for (int j = 0; j < Math.min(k, st); j++) {
            out[j] += v * acc[j];
        }
    }

    /** Kind mask of the hashed n-grams this model reads. */
    public int kindMask() {
        return kindMask;
    }

    /** The same weights with other metadata (e.g. a decision threshold), sharing the weight arrays. */
    public LinearModel withMeta(Map<String, String> newMeta) {
        int k = labels.length;
        float[] rows = hashed;
        if (stride != k) {
            rows = new float[(1 << hashBits) * k];
            for (int b = 0; b < (1 << hashBits); b++) {
                System.arraycopy(hashed, b * stride, rows, b * k, k);
            }
        }
        return new LinearModel(kind, spec, labels, hashBits, inputs, bias, dense, rows, provenance.withMeta(newMeta));
    }

    /** Table row of an n-gram id under a salt. */
    public static int bucket(int id, int salt, int mask) {
        return (salt == 0 ? id : TextFeatures.fmix(id ^ salt)) & mask;
    }

    public float denseWeight(int input, int label) {
        return dense[input * labels.length + label];
    }

    public float bias(int label) {
        return bias[label];
    }

    public String kind() {
        return kind;
    }

    public String[] labels() {
        return labels.clone();
    }

    public int outputs() {
        return labels.length;
    }

    public int hashBits() {
        return hashBits;
    }

    public String[] inputs() {
        return inputs.clone();
    }

    @Override
    public ModelFile.Provenance provenance() {
        return provenance;
    }

    /** First 8 bytes of SHA-256 over the UTF-8 text, as the fingerprint stores them. */
    public static long fingerprint(String text) {
        return ModelFile.fingerprint(text);
    }

    /** Index of a named input, or -1. */
    public int inputIndex(String name) {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
