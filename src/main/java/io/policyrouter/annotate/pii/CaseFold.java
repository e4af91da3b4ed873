package io.policyrouter.annotate.pii;

import java.text.Normalizer;

/**
 * Case- and accent-folding of single chars, so "Szöllösy", "SZOLLOSY" and "szollosy" reach the same gazetteer entry
 * without allocating a String per token; and the hash helpers the word tables share.
 */
final class CaseFold {

    /** Marks a char the hash skips (combining marks of decomposed input). */
    static final char SKIP = 0;

    private static final char[] TABLE = new char[0x500]; // Latin, Greek, Cyrillic

    static {
        for (char c = 0; c < TABLE.length; c++) {
            int type = Character.getType(c);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK) {
                TABLE[c] = SKIP;
                continue;
            }
            String base = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
            char b = base.isEmpty() ? c : base.charAt(0);
            TABLE[c] = Character.toLowerCase(b);
        }
        TABLE['ς'] = 'σ';
        TABLE['ß'] = 'ß';
    }

    private CaseFold() {
    }

    static char fold(char c) {
        if (c < TABLE.length) {
            return TABLE[c];
        }
        if (c >= 0x2E80 && c < 0xA640 || c >= 0xAC00 && c < 0xD800) {
            return c; // CJK, kana, hangul: no case
        }
        if (c == '’' || c == 'ʼ' || c == '‘') {
            return '\'';
        }
        if (c >= 0x1DC0 && c <= 0x1DFF || c >= 0x20D0 && c <= 0x20FF || c >= 0xFE20 && c <= 0xFE2F) {
            return SKIP;
        }
        return Character.toLowerCase(c);
    }

    /** FNV-1a offset basis: {@link PiiTokens} hashes each token's folded chars from here. */
    static long start() {
        return 0xcbf29ce484222325L;
    }

    /** Final avalanche so that the table's low bits are well spread; never 0 (0 marks an empty slot). */
    static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }
}
