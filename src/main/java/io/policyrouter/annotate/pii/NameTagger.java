package io.policyrouter.annotate.pii;

import io.policyrouter.annotate.model.ModelFile;
import io.policyrouter.vocabulary.DataClass;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A trained token tagger for person names and places that no rule found: a multinomial logistic regression over
 * hashed token features (capitalisation shape, sentence position, gazetteer categories, suffixes, the neighbouring
 * words and their categories, punctuation around the token, rule detections nearby). It runs last, only on
 * capitalised word tokens no detector claimed, and joins adjacent tagged tokens of one type into a span.
 *
 * <p>Scoring allocates one small feature array per text and reads about 30 hashed weights per candidate; no regex, no
 * reflection. Immutable and thread-safe.
 *
 * <h2>File format ({@code annotate/name-tagger.model}, version 1)</h2>
 * A {@link ModelFile}: magic 0x50524E54 ("PRNT"), version 1, then
 * <pre>
 * UTF    feature spec      {@link #SPEC}; loading fails on a mismatch
 * int    hash bits B       the weight table has 2^B rows
 * float  3                 bias of O, PERSON, LOCATION
 * float  2^B*3             weights, row-major [bucket][label]; bucket = feature id &amp; (2^B - 1)
 * float  2                 minimum probability to report PERSON, LOCATION
 * </pre>
 * and the provenance (training settings, fingerprint of every training text).
 */
public final class NameTagger implements ModelFile.Trained {

    /** Version of the feature set; a model trained on another version is refused. */
    public static final String SPEC = "name-tagger-v2";
    public static final String RESOURCE = "/annotate/name-tagger.model";
    public static final int LABELS = 3;
    public static final int OUTSIDE = 0;
    public static final int PERSON = 1;
    public static final int LOCATION = 2;

    private static final int MAGIC = 0x50524E54;
    private static final int VERSION = 1;
    private static final int MAX_FEATURES = 40;
    /** Gazetteer categories the features read. */
    private static final int GAZ = Gazetteer.FIRST | Gazetteer.LAST | Gazetteer.OTHER_NAME | Gazetteer.COMMON
            | Gazetteer.COUNTRY | Gazetteer.CITY | Gazetteer.CITY_MID | Gazetteer.CITY_BIG | Gazetteer.STATE
            | Gazetteer.FIRST_TOP | Gazetteer.COMMON_RARE;
    /** Lexicon bits the features read (cue words and word sets of the rules). */
    private static final int LEX = PiiLexicon.NAME_STRONG | PiiLexicon.NAME_WEAK | PiiLexicon.NAME_PERSONAL
            | PiiLexicon.PERSON_AFTER | PiiLexicon.PERSONAL_NOUN | PiiLexicon.PLACE | PiiLexicon.PLACE_STRONG
            | PiiLexicon.NOT_NAME | PiiLexicon.NAME_PARTICLE | PiiLexicon.NOT_PLACE | PiiLexicon.TITLE
            | PiiLexicon.DIRECTION;

    private final int bits;
    private final int mask;
    private final float[] bias;
    private final float[] weights;
    private final float personMin;
    private final float locationMin;
    /** Logit margin of O over PERSON and LOCATION beyond which both probabilities are below every threshold. */
    private final float clearlyOutside;
    private final ModelFile.Provenance provenance;

    public NameTagger(int bits, float[] bias, float[] weights, float personMin, float locationMin,
                      Map<String, String> meta, long[] fingerprint) {
        if (bits < 8 || bits > 24 || bias.length != LABELS || weights.length != (1 << bits) * LABELS) {
            throw new IllegalArgumentException("inconsistent tagger dimensions");
        }
        this.bits = bits;
        this.mask = (1 << bits) - 1;
        this.bias = bias.clone();
        this.weights = weights;
        this.personMin = personMin;
        this.locationMin = locationMin;
        this.clearlyOutside = (float) Math.log(1 / Math.min(personMin / 4, locationMin));
        this.provenance = new ModelFile.Provenance(meta, fingerprint);
    }

    private static final class Holder {
        static final NameTagger SHIPPED = load();

        private static NameTagger load() {
            try (InputStream in = NameTagger.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("model resource missing: " + RESOURCE);
                }
                return read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read model " + RESOURCE, e);
            }
        }
    }

    /** The model shipped in the product, loaded once per JVM. */
    public static NameTagger shipped() {
        return Holder.SHIPPED;
    }

    @Override
    public ModelFile.Provenance provenance() {
        return provenance;
    }

    public int hashBits() {
        return bits;
    }

    public float personMin() {
        return personMin;
    }

    public float locationMin() {
        return locationMin;
    }

    /** The same weights with other reporting thresholds. */
    public NameTagger withThresholds(float person, float location) {
        return new NameTagger(bits, bias, weights, person, location, provenance.meta(), provenance.fingerprint());
    }

    public static NameTagger read(InputStream raw) throws IOException {
        ModelFile.In in = ModelFile.In.open(raw, MAGIC, VERSION, "name tagger");
        String spec = in.text();
        if (!SPEC.equals(spec)) {
            throw new IOException("name tagger trained on features " + spec + ", this build computes " + SPEC);
        }
        int b = in.count(20, "hash bits");
        if (b < 8) {
            throw new IOException("bad hash bits: " + b);
        }
        float[] bias = in.floats(LABELS);
        float[] w = in.floats((1 << b) * LABELS);
        float person = in.floatValue();
        float location = in.floatValue();
        ModelFile.Provenance p = in.provenance();
        return new NameTagger(b, bias, w, person, location, p.meta(), p.fingerprint());
    }

    public void write(OutputStream raw) throws IOException {
        ModelFile.Out out = ModelFile.Out.open(raw, MAGIC, VERSION);
        out.text(SPEC).integer(bits).floats(bias).floats(weights).floatValue(personMin).floatValue(locationMin);
        out.finish(provenance);
    }

    /**
     * Tags the unclaimed capitalised words of a text the rules have been run on; adds the spans to out. A word joined
     * by "and", "or" or a comma to a tagged name is a name too when it is no common English word or its own
     * probability reaches a quarter of the threshold ("Lamovec and Morales").
     */
    void tag(PiiTokens t, SpanSet out) {
        int[] f = new int[MAX_FEATURES];
        float[] p = new float[LABELS];
        byte[] label = null;
        float[] person = null;
        int numbers = 0;
        boolean lower = lowerCaseText(t);
        // spans go to out only after scoring, so every token sees the rules' spans alone, as in training
        for (int i = 0; i < t.size; i++) {
            if (!candidate(t, i, out, lower)) {
                continue;
            }
            if (label == null) {
                label = new byte[t.size];
                person = new float[t.size];
                numbers = numbers(t);
            }
            int n = features(t, i, out, f, numbers);
            scores(f, n, p);
            if (p[OUTSIDE] - Math.max(p[PERSON], p[LOCATION]) > clearlyOutside) {
                // both probabilities below any threshold used here: skip the exponentials (most candidates)
                person[i] = Float.MIN_VALUE;
                continue;
            }
            softmax(p);
            person[i] = p[PERSON];
            if (p[PERSON] >= personMin && p[PERSON] >= p[LOCATION]) {
                label[i] = PERSON;
            } else if (p[LOCATION] >= locationMin && p[LOCATION] > p[PERSON]) {
                label[i] = LOCATION;
            }
        }
        if (label == null) {
            return;
        }
        for (int i = 0; i < t.size; i++) {
            if (label[i] == OUTSIDE && person[i] > 0
                    && (person[i] >= personMin / 4 || (t.gaz(Gazetteer.shared(), i) & Gazetteer.COMMON) == 0)
                    && (coordinated(t, label, i, -1) || coordinated(t, label, i, 1))) {
                label[i] = PERSON;
            }
        }
        int i = 0;
        while (i < t.size) {
            if (label[i] == OUTSIDE) {
                i++;
                continue;
            }
            int last = i;
            while (last + 1 < t.size && label[last + 1] == label[i] && t.spaceOnlyAfter(last)) {
                last++;
            }
            out.add(label[i] == PERSON ? DataClass.PERSON : DataClass.LOCATION, t.start[i], t.end[last]);
            i = last + 1;
        }
    }

    /** Token i and a PERSON-tagged token in direction dir are joined by a comma, "and" or "or". */
    private static boolean coordinated(PiiTokens t, byte[] label, int i, int dir) {
        int j = i + dir;
        if (j < 0 || j >= t.size) {
            return false;
        }
        int left = Math.min(i, j);
        if (label[j] == PERSON && t.gapIs(left, ',')) {
            return true;
        }
        int k = j + dir;
        return k >= 0 && k < t.size && label[k] == PERSON && (t.equalsIgnoreCase(j, "and") || t.equalsIgnoreCase(j, "or"))
                && t.spaceOnlyAfter(Math.min(i, k)) && t.spaceOnlyAfter(j);
    }

    /** Softmax over the three labels for the first n feature ids of f. */
    void probabilities(int[] f, int n, float[] p) {
        scores(f, n, p);
        softmax(p);
    }

    /** Raw scores (logits) of the three labels. */
    private void scores(int[] f, int n, float[] p) {
        float s0 = bias[0];
        float s1 = bias[1];
        float s2 = bias[2];
        float[] w = weights;
        for (int k = 0; k < n; k++) {
            int row = (f[k] & mask) * LABELS;
            s0 += w[row];
            s1 += w[row + 1];
            s2 += w[row + 2];
        }
        p[0] = s0;
        p[1] = s1;
        p[2] = s2;
    }

    private static void softmax(float[] p) {
        float max = Math.max(p[0], Math.max(p[1], p[2]));
        double e0 = Math.exp(p[0] - max);
        double e1 = Math.exp(p[1] - max);
        double e2 = Math.exp(p[2] - max);
        double z = e0 + e1 + e2;
        p[0] = (float) (e0 / z);
        p[1] = (float) (e1 / z);
        p[2] = (float) (e2 / z);
    }

    /**
     * A capitalised word of two or more letters that no detector claimed, in a script the features can read: no
     * frequent English word unless it is a first name or a place ("Frank", "Nice"; not "The", "People"), nothing in
     * capitals only ("VARCHAR") or camel case ("OrderDto") unless a name or place list has it ("STAVANGER"). In a
     * {@link #lowerCaseText lower-case text} ({@code lowerText}) the name and place lists decide instead.
     */
    static boolean candidate(PiiTokens t, int i, SpanSet out, boolean lowerText) {
        if (lowerText) {
            return lowerCandidate(t, i, out);
        }
        if (t.kind[i] != PiiTokens.WORD || !t.cap(i) || t.length(i) < 2 || out.claimed(t.start[i], t.end[i])
                || NameDetector.ideographic(t.text, t, i)) {
            return false;
        }
        int g = t.gaz(Gazetteer.shared(), i);
        if ((g & Gazetteer.COMMON) != 0) {
            // a frequent English word counts only as a first name or a place ("Frank", "Nice"; not "People")
            return (g & (Gazetteer.FIRST | Gazetteer.PLACE)) != 0
                    || (g & Gazetteer.COMMON_RARE) != 0 && (g & Gazetteer.NAME) != 0;
        }
        return (g & (Gazetteer.NAME | Gazetteer.PLACE)) != 0 || !t.upper(i) && !camelCase(t, i);
    }

    /**
     * A text written all in lower case ("olga krylova's killers sentenced to life"): capitals say nothing in it, so
     * the candidates are the words a name or place list has that are no frequent English word; the shape features
     * tell the tagger which case it reads. Needs four or more words and no capital and no ideograph anywhere (Chinese
     * prompts with lower-case code in them are not such texts).
     */
    static boolean lowerCaseText(PiiTokens t) {
        int words = 0;
        for (int i = 0; i < t.size; i++) {
            if (t.kind[i] == PiiTokens.WORD) {
                if (t.cap(i) || t.upper(i)) {
                    return false;
                }
                words++;
            }
        }
        if (words < 4) {
            return false;
        }
        String s = t.text;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (Character.isUpperCase(c) || c >= 0x2E80 && (Character.isIdeographic(c) || c >= 0x3040 && c <= 0x30FF
                    || c >= 0xAC00 && c <= 0xD7AF)) {
                return false;
            }
        }
        return true;
    }

    private static boolean lowerCandidate(PiiTokens t, int i, SpanSet out) {
        if (t.kind[i] != PiiTokens.WORD || t.length(i) < 3 || out.claimed(t.start[i], t.end[i])) {
            return false;
        }
        int g = t.gaz(Gazetteer.shared(), i);
        return (g & (Gazetteer.NAME | Gazetteer.PLACE)) != 0
                && ((g & Gazetteer.COMMON) == 0 || (g & Gazetteer.COMMON_RARE) != 0 && (g & Gazetteer.FIRST) != 0);
    }

    /** An upper-case letter right after a lower-case one ("OrderDto", "PostgreSQL"): code, not a name. */
    private static boolean camelCase(PiiTokens t, int i) {
        String s = t.text;
        for (int k = t.start[i] + 2; k < t.end[i]; k++) {
            char c = s.charAt(k);
            char p = s.charAt(k - 1);
            if (c >= 'A' && c <= 'Z' && p >= 'a' && p <= 'z') {
                return true;
            }
        }
        return false;
    }

    // feature templates
    private static final int T_BIAS = 1;
    private static final int T_SUFFIX3 = 3;
    private static final int T_SUFFIX2 = 4;
    private static final int T_SHAPE = 5;
    private static final int T_GAZ_BIT = 6;
    private static final int T_GAZ = 7;
    private static final int T_GAZ_START = 8;
    private static final int T_PREV = 9;
    private static final int T_PREV2 = 10;
    private static final int T_NEXT = 11;
    private static final int T_NEXT2 = 12;
    private static final int T_GAP_BEFORE = 13;
    private static final int T_GAP_AFTER = 14;
    private static final int T_PREV_SHAPE_GAZ = 15;
    private static final int T_NEXT_SHAPE_GAZ = 16;
    private static final int T_LEX = 17;
    private static final int T_PREV_LEX = 18;
    private static final int T_RULES_NEAR = 19;
    private static final int T_PREV_WORD_GAP = 20;
    private static final int T_SHAPE_START = 21;
    private static final int T_PREFIX3 = 22;
    private static final int T_NEXT_WORD_GAP = 23;
    private static final int T_NUMBERS = 24;
    private static final int T_LOWER = 25;

    /** Writes the feature ids of token i into f; returns how many. */
    static int features(PiiTokens t, int i, SpanSet out, int[] f, int numbers) {
        Gazetteer g = Gazetteer.shared();
        int n = 0;
        boolean start = t.sentenceStart(i);
        int gaz = t.gaz(g, i) & GAZ;
        int shape = t.shape[i] & (PiiTokens.CAP | PiiTokens.UPPER | PiiTokens.NON_ASCII);
        int len = t.length(i);
        int lenBucket = len <= 2 ? 0 : len <= 4 ? 1 : len <= 7 ? 2 : len <= 10 ? 3 : 4;
        f[n++] = mix(T_BIAS, 0);
        f[n++] = mix(T_SUFFIX3, tail(t, i, 3));
        f[n++] = mix(T_SUFFIX2, tail(t, i, 2));
        f[n++] = mix(T_PREFIX3, head(t, i, 3));
        f[n++] = mix(T_SHAPE, shape * 8 + lenBucket);
        f[n++] = mix(T_SHAPE_START, shape * 2 + (start ? 1 : 0));
        for (int b = gaz; b != 0; b &= b - 1) {
            f[n++] = mix(T_GAZ_BIT, Integer.lowestOneBit(b));
        }
        f[n++] = mix(T_GAZ, gaz);
        f[n++] = mix(T_GAZ_START, gaz * 2L + (start ? 1 : 0));
        int lex = PiiLexicon.word(t, i) & LEX;
        f[n++] = mix(T_LEX, lex);
        int before = i == 0 ? 7 : gap(t, i - 1);
        int after = i + 1 >= t.size ? 7 : gap(t, i);
        f[n++] = mix(T_GAP_BEFORE, before);
        f[n++] = mix(T_GAP_AFTER, after);
        if (i > 0) {
            f[n++] = mix(T_PREV, t.hash[i - 1]);
            f[n++] = mix(T_PREV_WORD_GAP, t.hash[i - 1] * 8 + before);
            f[n++] = mix(T_PREV_SHAPE_GAZ, neighbour(t, g, i - 1) * 8L + before);
            f[n++] = mix(T_PREV_LEX, PiiLexicon.word(t, i - 1) & LEX);
            f[n++] = mix(T_PREV2, i > 1 ? t.hash[i - 2] : 1);
        } else {
            f[n++] = mix(T_PREV, 0);
        }
        if (i + 1 < t.size) {
            f[n++] = mix(T_NEXT, t.hash[i + 1]);
            f[n++] = mix(T_NEXT_WORD_GAP, t.hash[i + 1] * 8 + after);
            f[n++] = mix(T_NEXT_SHAPE_GAZ, neighbour(t, g, i + 1) * 8L + after);
            f[n++] = mix(T_NEXT2, i + 2 < t.size ? t.hash[i + 2] : 1);
        } else {
            f[n++] = mix(T_NEXT, 0);
        }
        int a = i >= 2 ? t.start[i - 2] : 0;
        int e = i + 2 < t.size ? t.end[i + 2] : t.text.length();
        int near = (out.overlaps(DataClass.PERSON, a, t.start[i]) ? 1 : 0)
                | (out.overlaps(DataClass.PERSON, t.end[i], e) ? 2 : 0)
                | (out.overlaps(DataClass.LOCATION, a, t.start[i]) ? 4 : 0)
                | (out.overlaps(DataClass.LOCATION, t.end[i], e) ? 8 : 0);
        f[n++] = mix(T_RULES_NEAR, near);
        // numbers around a lone name say "word problem" ("Janet's ducks lay 16 eggs"): a count bucket of the text
        f[n++] = mix(T_NUMBERS, numbers * 4L + (start ? 2 : 0) + ((gaz & Gazetteer.FIRST) != 0 ? 1 : 0));
        if (!t.cap(i)) {
            // a word of a lower-case text: its own weights, so what the few such texts teach ("københavn" is a
            // place) does not leak into capitalised text, where a country in a question is no personal data
            for (int k = 0; k < n; k++) {
                f[k] = mix(T_LOWER, f[k]);
            }
        }
        return n;
    }

    /** How many numbers the text holds, in buckets: 0, 1, 2-3, 4 or more. */
    static int numbers(PiiTokens t) {
        int count = 0;
        for (int i = 0; i < t.size && count < 4; i++) {
            if (t.kind[i] == PiiTokens.NUM) {
                count++;
            }
        }
        return count >= 4 ? 3 : count >= 2 ? 2 : count;
    }

    /** Shape and gazetteer categories of a neighbouring token: kind, capitalised, name or place categories. */
    private static long neighbour(PiiTokens t, Gazetteer g, int k) {
        int kind = t.kind[k];
        int cap = t.cap(k) ? 1 : 0;
        int gz = kind == PiiTokens.WORD ? t.gaz(g, k) & (Gazetteer.NAME | Gazetteer.PLACE | Gazetteer.COMMON) : 0;
        return ((long) gz << 4) | (kind << 1) | cap;
    }

    /** Class of the text between token k and k + 1: 0 blank, 1 comma, 2 sentence end, 3 line break, 4 other. */
    private static int gap(PiiTokens t, int k) {
        int a = t.end[k];
        int b = t.start[k + 1];
        int cls = 0;
        for (int x = a; x < b && x - a < 8; x++) {
            char c = t.text.charAt(x);
            int k2 = c == ' ' || c == '\t' ? 0 : c == ',' ? 1 : c == '.' || c == '!' || c == '?' ? 2 : c == '\n' ? 3 : 4;
            cls = Math.max(cls, k2);
        }
        return b == a ? 5 : cls;
    }

    /** Folded hash of the last n chars of token i. */
    private static long tail(PiiTokens t, int i, int n) {
        long h = 7;
        for (int x = Math.max(t.start[i], t.end[i] - n); x < t.end[i]; x++) {
            h = (h ^ CaseFold.fold(t.text.charAt(x))) * 0x100000001b3L;
        }
        return h;
    }

    /** Folded hash of the first n chars of token i. */
    private static long head(PiiTokens t, int i, int n) {
        long h = 11;
        for (int x = t.start[i]; x < Math.min(t.end[i], t.start[i] + n); x++) {
            h = (h ^ CaseFold.fold(t.text.charAt(x))) * 0x100000001b3L;
        }
        return h;
    }

    private static int mix(int template, long v) {
        long h = v * 0x9E3779B97F4A7C15L + template * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 31;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 29;
        return (int) h;
    }

    /**
     * One token of a text for training: its characters, feature ids (not yet reduced to a table) and whether a rule
     * already reported it as a name or place (the tagger never scores those, but they show what names look like).
     */
    public record Candidate(int start, int end, int[] features, boolean byRules) {
    }

    /**
     * The candidates the tagger would score in this text after the rules ran, and the words the rules reported as
     * PERSON or LOCATION: what a trainer learns from. The rules are {@code new PiiDetector(false, null)}.
     */
    public static List<Candidate> candidates(String text) {
        List<Candidate> list = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return list;
        }
        PiiTokens t = PiiTokens.of(text);
        SpanSet out = RulesHolder.RULES.rules(text, t);
        int[] f = new int[MAX_FEATURES];
        boolean lower = lowerCaseText(t);
        for (int i = 0; i < t.size; i++) {
            boolean free = candidate(t, i, out, lower);
            boolean byRules = !free && t.kind[i] == PiiTokens.WORD && t.cap(i) && t.length(i) >= 2
                    && (out.overlaps(DataClass.PERSON, t.start[i], t.end[i])
                    || out.overlaps(DataClass.LOCATION, t.start[i], t.end[i]));
            if (free || byRules) {
                int n = features(t, i, out, f, numbers(t));
                list.add(new Candidate(t.start[i], t.end[i], java.util.Arrays.copyOf(f, n), byRules));
            }
        }
        return list;
    }

    private static final class RulesHolder {
        static final PiiDetector RULES = new PiiDetector(false, null);
    }
}
