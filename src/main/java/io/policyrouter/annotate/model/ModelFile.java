package io.policyrouter.annotate.model;

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
 * The one codec of the annotator's model files: a gzip stream of big-endian {@link DataOutputStream} values that
 * opens with {@code int magic, int version} and closes with the model's {@link Provenance}:
 * <pre>
 * int    M, then M x (UTF,UTF) metadata (training settings, thresholds)
 * int    F, then F x long      fingerprint: sorted first 8 bytes of SHA-256(UTF-8 text) of every training row
 * </pre>
 * Between them each model writes its own body with {@link Out} and reads it with {@link In}; the readers validate
 * every dimension before allocating, so a truncated or foreign file fails with a message instead of an
 * OutOfMemoryError. Deterministic: the same model always gives the same bytes.
 */
public final class ModelFile {

    private ModelFile() {
    }

    /** What a model was trained with and on: settings as metadata, and the fingerprint of every training row. */
    public record Provenance(Map<String, String> meta, long[] fingerprint) {

        public Provenance {
            meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
            fingerprint = fingerprint.clone();
            Arrays.sort(fingerprint);
        }

        public String meta(String key) {
            return meta.get(key);
        }

        public Provenance withMeta(Map<String, String> newMeta) {
            return new Provenance(newMeta, fingerprint);
        }

        /** True when a row with exactly this text was in the training data. */
        public boolean trainedOn(String text) {
            return Arrays.binarySearch(fingerprint, ModelFile.fingerprint(text)) >= 0;
        }

        public int size() {
            return fingerprint.length;
        }
    }

    /** A model read from a model file: what it was trained with and on. */
    public interface Trained {

        Provenance provenance();

        default String meta(String key) {
            return provenance().meta(key);
        }

        default Map<String, String> meta() {
            return provenance().meta();
        }

        default int fingerprintSize() {
            return provenance().size();
        }

        /** True when a row with exactly this text was in the training data. */
        default boolean trainedOn(String text) {
            return provenance().trainedOn(text);
        }
    }

    /** First 8 bytes of SHA-256 over the UTF-8 text, as fingerprints store them. */
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

    /** Reads one model file; {@link #open} has checked the magic number and version. */
    public static final class In {
        private final DataInputStream in;

        private In(DataInputStream in) {
            this.in = in;
        }

        public static In open(InputStream raw, int magic, int version, String what) throws IOException {
            DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw), 1 << 16));
            if (in.readInt() != magic || in.readInt() != version) {
                throw new IOException("not a version-" + version + " " + what);
            }
            return new In(in);
        }

        public String text() throws IOException {
            return in.readUTF();
        }

        /** A count, checked against a bound before anything is allocated for it. */
        public int count(int max, String what) throws IOException {
            int n = in.readInt();
            if (n < 0 || n > max) {
                throw new IOException("bad " + what + ": " + n);
            }
            return n;
        }

        public int integer() throws IOException {
            return in.readInt();
        }

        public short shortValue() throws IOException {
            return in.readShort();
        }

        public float floatValue() throws IOException {
            return in.readFloat();
        }

        public double doubleValue() throws IOException {
            return in.readDouble();
        }

        /** A counted list of strings. */
        public String[] texts(int max, String what) throws IOException {
            String[] out = new String[count(max, what)];
            for (int i = 0; i < out.length; i++) {
                out[i] = in.readUTF();
            }
            return out;
        }

        public float[] floats(int n) throws IOException {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = in.readFloat();
            }
            return a;
        }

        public Provenance provenance() throws IOException {
            int m = count(1 << 16, "metadata count");
            Map<String, String> meta = new LinkedHashMap<>();
            for (int i = 0; i < m; i++) {
                meta.put(in.readUTF(), in.readUTF());
            }
            long[] fp = new long[count(1 << 24, "fingerprint size")];
            for (int i = 0; i < fp.length; i++) {
                fp[i] = in.readLong();
            }
            return new Provenance(meta, fp);
        }
    }

    /** Writes one model file: {@link #open}, the body, then {@link #finish} with the provenance. */
    public static final class Out {
        private final GZIPOutputStream gz;
        private final DataOutputStream out;

        private Out(GZIPOutputStream gz) {
            this.gz = gz;
            this.out = new DataOutputStream(gz);
        }

        public static Out open(OutputStream raw, int magic, int version) throws IOException {
            Out o = new Out(new GZIPOutputStream(raw, 1 << 16));
            o.out.writeInt(magic);
            o.out.writeInt(version);
            return o;
        }

        public Out text(String s) throws IOException {
            out.writeUTF(s);
            return this;
        }

        public Out integer(int v) throws IOException {
            out.writeInt(v);
            return this;
        }

        public Out shortValue(int v) throws IOException {
            out.writeShort(v);
            return this;
        }

        public Out floatValue(float v) throws IOException {
            out.writeFloat(v);
            return this;
        }

        public Out doubleValue(double v) throws IOException {
            out.writeDouble(v);
            return this;
        }

        public Out texts(String[] values) throws IOException {
            out.writeInt(values.length);
            for (String s : values) {
                out.writeUTF(s);
            }
            return this;
        }

        public Out floats(float[] values) throws IOException {
            for (float v : values) {
                out.writeFloat(v);
            }
            return this;
        }

        public void finish(Provenance p) throws IOException {
            out.writeInt(p.meta().size());
            for (Map.Entry<String, String> e : p.meta().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.writeInt(p.fingerprint().length);
            for (long f : p.fingerprint()) {
                out.writeLong(f);
            }
            out.flush();
            gz.finish();
        }
    }
}
