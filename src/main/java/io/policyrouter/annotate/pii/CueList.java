package io.policyrouter.annotate.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A set of cue words or phrases, indexed by first letter, matched case-insensitively as whole words in the text
 * before a position. One backwards pass over the window; only cues sharing a word's first letter are compared.
 */
final class CueList {

    private final String[][] byFirst = new String[27][];

    private CueList(String... cues) {
        List<List<String>> buckets = new ArrayList<>();
        for (int i = 0; i < 27; i++) {
            buckets.add(new ArrayList<>());
        }
        for (String c : cues) {
            String l = c.toLowerCase(Locale.ROOT);
            buckets.get(bucket(l.charAt(0))).add(l);
        }
        for (int i = 0; i < 27; i++) {
            // longest first, so "zip code" wins over "zip"
            buckets.get(i).sort((x, y) -> Integer.compare(y.length(), x.length()));
            byFirst[i] = buckets.get(i).toArray(new String[0]);
        }
    }

    static CueList of(String... cues) {
        return new CueList(cues);
    }

    private static int bucket(char c) {
        char l = CaseFold.fold(c);
        return l >= 'a' && l <= 'z' ? l - 'a' : 26;
    }

    /** Distance from the end of the nearest cue ending before pos (within maxBack chars) to pos, or MAX_VALUE. */
    int distanceBefore(String text, int pos, int maxBack) {
        int from = Math.max(0, pos - maxBack);
        for (int s = Math.min(pos, text.length()) - 1; s >= from; s--) {
            if (!Chars.wordBoundary(text, s - 1) || Chars.wordBoundary(text, s) && !isSymbolCueStart(text.charAt(s))) {
                continue;
            }
            for (String cue : byFirst[bucket(text.charAt(s))]) {
                int e = s + cue.length();
                if (e <= pos && text.regionMatches(true, s, cue, 0, cue.length()) && Chars.wordBoundary(text, e)) {
                    return pos - e;
                }
            }
        }
        return Integer.MAX_VALUE;
    }

    private static boolean isSymbolCueStart(char c) {
        return c == '#' || c == '@';
    }

    boolean before(String text, int pos, int maxBack) {
        return distanceBefore(text, pos, maxBack) != Integer.MAX_VALUE;
    }

    /** True when a cue starts at pos (skipping up to 3 blanks or dashes). */
    boolean rightAfter(String text, int pos) {
        int k = pos;
        int n = text.length();
        while (k < n && k - pos < 3 && (text.charAt(k) == ' ' || text.charAt(k) == '-' || text.charAt(k) == '(')) {
            k++;
        }
        if (k >= n) {
            return false;
        }
        for (String cue : byFirst[bucket(text.charAt(k))]) {
            if (text.regionMatches(true, k, cue, 0, cue.length()) && Chars.wordBoundary(text, k + cue.length())) {
                return true;
            }
        }
        return false;
    }
}
