package io.policyrouter.annotate;

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
 * A gzip stream of big-endian {@link DataOutputStream} values:
 * <pre>
 * int    magic 0x50524C4D ("PRLM"), int version = 1
 * UTF    kind                  e.g. "task-type", "difficulty"
 * UTF    feature spec          {@link TextFeatures#SPEC}; loading fails on a mismatch
 * int    K, then K x UTF       output labels (K = 1: one logistic output)
 * int    hash bits B           hashed table has 2^B rows
 * int    D, then D x UTF       dense input names (signal names of TextFeatures, or model-specific inputs)
 * float  K                     bias
 * float  D*K                   dense weights, row-major [input][label]
 * float  2^B*K                 hashed weights, row-major [bucket][label]; bucket = n-gram id &amp; (2^B - 1)
 * int    M, then M x (UTF,UTF) metadata (training settings, thresholds)
 * int    F, then F x long      fingerprint: sorted first 8 bytes of SHA-256(UTF-8 text) of every training row
 * </pre>
 * Everything is written in a fixed order from deterministic training, so the same data gives the same bytes.
 */
public final class LinearModel {

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
    private final Map<String, String> meta;
    private final long[] fingerprint;

    public LinearModel(String kind, String[] labels, int hashBits, String[] inputs, float[] bias, float[] dense,
                       float[] hashed, Map<String, String> meta, long[] fingerprint) {
        this(kind, TextFeatures.SPEC, labels, hashBits, inputs, bias, dense, hashed, meta, fingerprint);
    }

    private LinearModel(String kind, String spec, String[] labels, int hashBits, String[] inputs, float[] bias,
                        float[] dense, float[] hashed, Map<String, String> meta, long[] fingerprint) {
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
        this.meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
        this.fingerprint = fingerprint.clone();
        Arrays.sort(this.fingerprint);
    }

    /** Loads a model shipped on the classpath (absolute resource path, e.g. "/annotate/task-type.model"). */
    public static LinearModel resource(String path) {
        return ModelResource.load(path, LinearModel::read);
    }

    public static LinearModel read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw), 1 << 16));
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            throw new IOException("not a version-1 linear model");
        }
        String kind = in.readUTF();
        String spec = in.readUTF();
        if (!TextFeatures.SPEC.equals(spec)) {
            throw new IOException("model built for feature spec " + spec + ", code has " + TextFeatures.SPEC);
        }
        String[] labels = new String[in.readInt()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = in.readUTF();
        }
        int bits = in.readInt();
        if (labels.length < 1 || labels.length > 64 || bits < 1 || bits > 24) {
            throw new IOException("bad model dimensions");
        }
        String[] inputs = new String[in.readInt()];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = in.readUTF();
        }
        float[] bias = floats(in, labels.length);
        float[] dense = floats(in, inputs.length * labels.length);
        float[] hashed = floats(in, (1 << bits) * labels.length);
        int m = in.readInt();
        Map<String, String> meta = new LinkedHashMap<>();
        for (int i = 0; i < m; i++) {
            meta.put(in.readUTF(), in.readUTF());
        }
        long[] fp = new long[in.readInt()];
        for (int i = 0; i < fp.length; i++) {
            fp[i] = in.readLong();
        }
        return new LinearModel(kind, spec, labels, bits, inputs, bias, dense, hashed, meta, fp);
    }

    private static float[] floats(DataInputStream in, int n) throws IOException {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readFloat();
        }
        return a;
    }

    public void write(OutputStream raw) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16);
        DataOutputStream out = new DataOutputStream(gz);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(kind);
        out.writeUTF(spec);
        out.writeInt(labels.length);
        for (String l : labels) {
            out.writeUTF(l);
        }
        out.writeInt(hashBits);
        out.writeInt(inputs.length);
        for (String s : inputs) {
            out.writeUTF(s);
        }
        for (float[] block : new float[][] {bias, dense}) {
            for (float v : block) {
                out.writeFloat(v);
            }
        }
        int k = labels.length;
        for (int b = 0; b < (1 << hashBits); b++) {
            for (int j = 0; j < k; j++) {
                out.writeFloat(hashed[b * stride + j]);
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
        return new LinearModel(kind, spec, labels, hashBits, inputs, bias, dense, rows, newMeta, fingerprint);
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
        return Arrays.binarySearch(fingerprint, fingerprint(text)) >= 0;
    }

    /** First 8 bytes of SHA-256 over the UTF-8 text, as the fingerprint stores them. */
    public static long fingerprint(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((text == null ? "" : text)
                    .getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xFF);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
