package io.policyrouter.annotate.shape;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Exact cl100k_base token counts without building tokens: the same pre-tokenisation as the encoding's pattern
 * ({@code 's|'t|'re|'ve|'m|'ll|'d}, letters with one leading non-letter, 1–3 digits, punctuation runs, newline and
 * space runs) as a hand-written scanner, then byte-pair merging of each piece on a flat open-addressing table of the
 * 100,256 ranks (most pieces are one token and cost one probe). No per-piece objects; a call allocates two small
 * scratch arrays. Pieces longer than {@value #MAX_PIECE} bytes (a run of one letter, a long hash) go to jtokkit,
 * whose merge is O(n log n) there, so the count stays linear on hostile input. {@code Cl100kCounterTest} checks the
 * count against jtokkit on the dev data, hostile strings and random text.
 *
 * <p>Input must be well-formed UTF-16 ({@link TokenCounter#wellFormed} replaces lone surrogates first).
 */
final class Cl100kCounter {

    static final int MAX_PIECE = 128;
    private static final String RANKS = "/com/knuddels/jtokkit/cl100k_base.tiktoken";

    /** Token bytes, back to back; token t is pool[offset[t] .. offset[t] + length[t]). */
    private static final byte[] POOL;
    private static final int[] OFFSET;
    private static final short[] LENGTH;
    /** Open addressing: slot -> token index + 1 (0 = empty); the token index is its rank (ranks are 0..n-1). */
    private static final int[] SLOT;
    private static final int MASK;
    private static final int[] RANK_OF;
    /**
     * Tokens of up to seven bytes (nearly every lookup), keyed exactly by their packed bytes and length, key and rank
     * side by side in one array: one cache line per probe, no byte comparison.
     */
    private static final long[] SHORT;
    private static final int SHORT_MASK;
    /** Rank of every two-byte token by its bytes (b0 << 8 | b1), NONE where none: the first round of every merge. */
    private static final int[] PAIR = new int[1 << 16];

    static {
        byte[] pool = new byte[1 << 20];
        int[] offset = new int[110_000];
        short[] length = new short[110_000];
        int[] rankOf = new int[110_000];
        int n = 0;
        int used = 0;
        try (InputStream in = Cl100kCounter.class.getResourceAsStream(RANKS)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RANKS);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            Base64.Decoder b64 = Base64.getDecoder();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int sp = line.indexOf(' ');
                if (sp < 0) {
                    continue;
                }
                byte[] token = b64.decode(line.substring(0, sp));
                if (used + token.length > pool.length) {
                    pool = Arrays.copyOf(pool, pool.length * 2);
                }
                if (n == offset.length) {
                    offset = Arrays.copyOf(offset, n * 2);
                    length = Arrays.copyOf(length, n * 2);
                    rankOf = Arrays.copyOf(rankOf, n * 2);
                }
                System.arraycopy(token, 0, pool, used, token.length);
                offset[n] = used;
                length[n] = (short) token.length;
                rankOf[n] = Integer.parseInt(line.substring(sp + 1).trim());
                used += token.length;
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int slots = Integer.highestOneBit(n * 3) << 1;
        int[] slot = new int[slots];
        for (int t = 0; t < n; t++) {
            int s = hash(pool, offset[t], length[t]) & (slots - 1);
            while (slot[s] != 0) {
                s = (s + 1) & (slots - 1);
            }
            slot[s] = t + 1;
        }
        POOL = pool;
        OFFSET = offset;
        LENGTH = length;
        RANK_OF = rankOf;
        SLOT = slot;
        MASK = slots - 1;
        int shortSlots = Integer.highestOneBit(n * 2) << 1;
        long[] table = new long[2 * shortSlots];
        for (int t = 0; t < n; t++) {
            if (length[t] <= 7) {
                long key = pack(pool, offset[t], length[t]);
                int at = slot(key, shortSlots - 1);
                while (table[2 * at] != 0) {
                    at = (at + 1) & (shortSlots - 1);
                }
                table[2 * at] = key;
                table[2 * at + 1] = rankOf[t];
            }
        }
        SHORT = table;
        SHORT_MASK = shortSlots - 1;
        Arrays.fill(PAIR, Integer.MAX_VALUE);
        for (int t = 0; t < n; t++) {
            if (length[t] == 2) {
                PAIR[(pool[offset[t]] & 0xFF) << 8 | (pool[offset[t] + 1] & 0xFF)] = rankOf[t];
            }
        }
    }

    private static final int NONE = Integer.MAX_VALUE;

    // ASCII classes
    private static final byte OTHER = 0, LETTER = 1, DIGIT = 2, SPACE = 3, NEWLINE = 4;
    private static final byte[] ASCII = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            ASCII[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? LETTER : (c >= '0' && c <= '9') ? DIGIT
                    : c == '\n' || c == '\r' ? NEWLINE : c == ' ' || (c >= 9 && c <= 12) ? SPACE : OTHER;
        }
    }

    private final com.knuddels.jtokkit.api.Encoding fallback;

    Cl100kCounter(com.knuddels.jtokkit.api.Encoding fallback) {
        this.fallback = fallback;
    }

    /** Token count of {@code text} under cl100k_base, special tokens read as ordinary text. */
    int count(String text) {
        int n = text.length();
        byte[] buf = new byte[MAX_PIECE + 8];
        int[] parts = new int[2 * (MAX_PIECE + 2)];
        int tokens = 0;
        int i = 0;
        while (i < n) {
            int end = pieceEnd(text, i, n);
            tokens += piece(text, i, end, buf, parts);
            i = end;
        }
        return tokens;
    }

    // ------------------------------------------------------------------ pre-tokenisation

    private static int cls(int cp) {
        if (cp < 128) {
            return ASCII[cp];
        }
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER -> {
                return LETTER;
            }
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> {
                return DIGIT;
            }
            default -> {
                return whitespace(cp) ? SPACE : OTHER;
            }
        }
    }

    /** Unicode White_Space beyond ASCII, as the pattern's \s matches it. */
    private static boolean whitespace(int cp) {
        return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028
                || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    private static int cpAt(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) && i + 1 < s.length() ? Character.codePointAt(s, i) : c;
    }

    private static int width(int cp) {
        return cp >= 0x10000 ? 2 : 1;
    }

    private static boolean ws(int cls) {
        return cls == SPACE || cls == NEWLINE;
    }

    /** End (exclusive, in chars) of the piece that starts at {@code i}. */
    static int pieceEnd(String s, int i, int n) {
        int c = cpAt(s, i);
        int cc = cls(c);
        int next = i + width(c);
        // 1. contractions: 's 't 'm 'd 're 've 'll (ASCII case-insensitive)
        if (c == '\'' && next < n) {
            char a = (char) (s.charAt(next) | 0x20);
            if (a == 's' || a == 't' || a == 'm' || a == 'd') {
                return next + 1;
            }
            if (next + 1 < n) {
                char b = (char) (s.charAt(next + 1) | 0x20);
                if (a == 'l' && b == 'l' || a == 'v' && b == 'e' || a == 'r' && b == 'e') {
                    return next + 2;
                }
            }
        }
        // 2. letters, optionally after one char that is neither a newline, a letter nor a digit
        if (cc == LETTER || cc != NEWLINE && cc != DIGIT && next < n && cls(cpAt(s, next)) == LETTER) {
            int j = cc == LETTER ? i : next;
            while (j < n) {
                int d = cpAt(s, j);
                if (cls(d) != LETTER) {
                    break;
                }
                j += width(d);
            }
            return j;
        }
        // 3. one to three digits
        if (cc == DIGIT) {
            int j = next;
            for (int k = 1; k < 3 && j < n; k++) {
                int d = cpAt(s, j);
                if (cls(d) != DIGIT) {
                    break;
                }
                j += width(d);
            }
            return j;
        }
        // 4. an optional space, a run of other characters, then any newlines
        int j = -1;
        if (cc == OTHER) {
            j = i;
        } else if (c == ' ' && next < n && cls(cpAt(s, next)) == OTHER) {
            j = next;
        }
        if (j >= 0) {
            while (j < n) {
                int d = cpAt(s, j);
                if (cls(d) != OTHER) {
                    break;
                }
                j += width(d);
            }
            while (j < n && (s.charAt(j) == '\n' || s.charAt(j) == '\r')) {
                j++;
            }
            return j;
        }
        // 5-7. whitespace: up to the last newline of the run; else the run less its last char before a non-space;
        // else the run
        int runEnd = i;
        int lastNewline = -1;
        while (runEnd < n) {
            int d = cpAt(s, runEnd);
            int k = cls(d);
            if (!ws(k)) {
                break;
            }
            if (k == NEWLINE) {
                lastNewline = runEnd;
            }
            runEnd += width(d);
        }
        if (lastNewline >= 0) {
            return lastNewline + 1;
        }
        if (runEnd == n) {
            return runEnd;
        }
        int lastStart = runEnd - width(Character.codePointBefore(s, runEnd));
        return lastStart > i ? lastStart : runEnd;
    }

    // ------------------------------------------------------------------ byte-pair merging

    private int piece(String s, int from, int to, byte[] buf, int[] parts) {
        int len = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (len > MAX_PIECE) {
                return fallback.countTokensOrdinary(s.substring(from, to));
            }
            if (c < 0x80) {
                buf[len++] = (byte) c;
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xC0 | c >> 6);
                buf[len++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < to) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[len++] = (byte) (0xF0 | cp >> 18);
                buf[len++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[len++] = (byte) (0x80 | cp & 0x3F);
            } else {
                buf[len++] = (byte) (0xE0 | c >> 12);
                buf[len++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[len++] = (byte) (0x80 | c & 0x3F);
            }
        }
        if (len > MAX_PIECE) {
            return fallback.countTokensOrdinary(s.substring(from, to));
        }
        if (len == 1 || rank(buf, 0, len) != NONE) {
            return 1;
        }
        return merge(buf, len, parts);
    }

    /** Number of tokens byte-pair merging leaves of buf[0..len): tiktoken's merge, lowest rank first, leftmost. */
    private static int merge(byte[] buf, int len, int[] parts) {
        int m = len + 1; // boundaries 0..len
        int[] pos = parts;
        int rankAt = MAX_PIECE + 2;
        for (int k = 0; k < m; k++) {
            pos[k] = k;
        }
        for (int k = 0; k < m; k++) {
            pos[rankAt + k] = k + 2 < m ? PAIR[(buf[k] & 0xFF) << 8 | (buf[k + 1] & 0xFF)] : NONE;
        }
        while (m > 1) {
            int best = -1;
            int min = NONE;
            for (int k = 0; k < m - 1; k++) {
                int r = pos[rankAt + k];
                if (r < min) {
                    min = r;
                    best = k;
                }
            }
            if (best < 0) {
                break;
            }
            // merge parts best and best+1: remove boundary best+1
            System.arraycopy(pos, best + 2, pos, best + 1, m - best - 2);
            System.arraycopy(pos, rankAt + best + 2, pos, rankAt + best + 1, m - best - 2);
            m--;
            pos[rankAt + best] = best + 2 < m ? rank(buf, pos[best], pos[best + 2] - pos[best]) : NONE;
            if (best > 0) {
                pos[rankAt + best - 1] = best + 1 < m ? rank(buf, pos[best - 1], pos[best + 1] - pos[best - 1])
                        : NONE;
            }
        }
        return m - 1;
    }

    private static long pack(byte[] b, int from, int len) {
        long key = (long) len << 56;
        for (int i = 0; i < len; i++) {
            key |= (long) (b[from + i] & 0xFF) << (8 * i);
        }
        return key;
    }

    private static int slot(long key, int mask) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }

    /** Rank of the byte string b[from .. from + len), or NONE. */
    private static int rank(byte[] b, int from, int len) {
        if (len <= 7) {
            long key = pack(b, from, len);
            long[] table = SHORT;
            int at = slot(key, SHORT_MASK);
            while (true) {
                long k = table[2 * at];
                if (k == key) {
                    return (int) table[2 * at + 1];
                }
                if (k == 0) {
                    return NONE;
                }
                at = (at + 1) & SHORT_MASK;
            }
        }
        int s = hash(b, from, len) & MASK;
        while (true) {
            int t = SLOT[s] - 1;
            if (t < 0) {
                return NONE;
            }
            if (LENGTH[t] == len && same(b, from, OFFSET[t], len)) {
                return RANK_OF[t];
            }
            s = (s + 1) & MASK;
        }
    }

    private static boolean same(byte[] b, int from, int at, int len) {
        for (int i = 0; i < len; i++) {
            if (b[from + i] != POOL[at + i]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(byte[] b, int from, int len) {
        int h = 0x811C9DC5;
        for (int i = from; i < from + len; i++) {
            h = (h ^ (b[i] & 0xFF)) * 0x01000193;
        }
        return TextFeatures.fmix(h);
    }
}
