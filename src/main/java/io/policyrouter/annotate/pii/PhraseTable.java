package io.policyrouter.annotate.pii;

/**
 * Open-addressing table from the fingerprint of a folded word sequence to category bits. A key combines the
 * per-token hashes that {@link PiiTokens} computes once per text, so a lookup neither hashes characters again nor
 * allocates. A 64-bit fingerprint collision (about n / 2^64 per lookup) is accepted.
 */
final class PhraseTable {

    /** The words so far are the beginning of a longer entry ("new" of "new york"). */
    static final int PREFIX = 1 << 30;

    private long[] keys;
    private int[] flags;
    private int size;

    /** @param expected entries expected; the table holds up to 80 % of its power-of-two capacity before growing */
    PhraseTable(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 5 / 4 - 1)) * 2;
        keys = new long[cap];
        flags = new int[cap];
    }

    /** Extends a phrase key by the next word's hash. */
    static long combine(long phrase, long word) {
        return (phrase ^ (phrase >>> 29)) * 0x9E3779B97F4A7C15L + word;
    }

    /**
     * Adds an entry, split into words the way {@link PiiTokens} splits text; every proper word-prefix of a multi-word
     * entry is marked {@link #PREFIX}.
     */
    void add(String phrase, int flag) {
        PiiTokens t = PiiTokens.of(phrase);
        if (t.size == 0) {
            return;
        }
        long key = t.hash[0];
        for (int i = 1; i < t.size; i++) {
            put(CaseFold.finish(key), PREFIX);
            key = combine(key, t.hash[i]);
        }
        put(CaseFold.finish(key), flag);
    }

    private void put(long key, int flag) {
        if ((size + 1) * 5L > keys.length * 4L) {
            grow();
        }
        int mask = keys.length - 1;
        int i = (int) key & mask;
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (keys[i] == 0) {
            keys[i] = key;
            size++;
        }
        flags[i] |= flag;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldFlags = flags;
        keys = new long[oldKeys.length * 2];
        flags = new int[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                put(oldKeys[i], oldFlags[i]);
            }
        }
    }

    /** Category bits of an unfinished phrase key, 0 when unknown. */
    int flagsOfKey(long key) {
        long h = CaseFold.finish(key);
        int mask = keys.length - 1;
        int i = (int) h & mask;
        while (true) {
            long k = keys[i];
            if (k == h) {
                return flags[i];
            }
            if (k == 0) {
                return 0;
            }
            i = (i + 1) & mask;
        }
    }

    /** Category bits of token k alone. */
    int flags(PiiTokens t, int k) {
        return flagsOfKey(t.hash[k]);
    }

    /**
     * Longest entry starting at token i whose bits intersect {@code wanted}, over tokens separated by blanks only
     * (up to {@code maxWords}); returns the index of its last token, or -1. Its bits go to {@code found[0]}.
     */
    int longest(PiiTokens t, int i, int maxWords, int wanted, int[] found) {
        long key = 0;
        int best = -1;
        for (int k = i; k < t.size && k - i < maxWords; k++) {
            if (k > i && !t.spaceOnlyAfter(k - 1)) {
                break;
            }
            key = k == i ? t.hash[k] : combine(key, t.hash[k]);
            int f = flagsOfKey(key);
            if ((f & wanted) != 0) {
                best = k;
                found[0] = f;
            }
            if ((f & PREFIX) == 0) {
                break;
            }
        }
        return best;
    }

    int size() {
        return size;
    }
}
