package io.policyrouter.annotate.pii;

import java.util.Arrays;

/**
 * Word and number tokens of one text as parallel arrays (no object per token), each with its folded hash, computed
 * in one pass. A word may hold inner apostrophes and hyphens ("O'Brien", "Saint-Priest") but not a closing
 * possessive "'s"; combining marks stay inside their word.
 */
final class PiiTokens {

    static final byte WORD = 1;
    static final byte NUM = 2;
    static final byte ALNUM = 3;

    /** First char upper/title case. */
    static final byte CAP = 1;
    /** Two or more letters, none lower case. */
    static final byte UPPER = 1 << 1;
    /** No upper-case letter. */
    static final byte LOWER = 1 << 2;
    /** Has a char outside ASCII. */
    static final byte NON_ASCII = 1 << 3;

    /** ASCII classes: 1 lower, 2 upper, 3 digit. */
    private static final byte[] ASCII = new byte[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            ASCII[c] = 1;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            ASCII[c] = 2;
        }
        for (char c = '0'; c <= '9'; c++) {
            ASCII[c] = 3;
        }
    }

    final String text;
    int size;
    int[] start;
    int[] end;
    byte[] kind;
    byte[] shape;
    long[] hash;
    /** PiiLexicon bits per token (cue words, word sets), filled by {@link PiiLexicon#index}. */
    int[] lex;
    /** OR of all tokens' lexicon bits: which cue words occur at all. */
    int lexAll;
    private int[] gaz;
    private int[] cueEnd;
    private boolean[] lexPrefix;

    private PiiTokens(String text, int capacity) {
        this.text = text;
        start = new int[capacity];
        end = new int[capacity];
        kind = new byte[capacity];
        shape = new byte[capacity];
        hash = new long[capacity];
    }

    static PiiTokens of(String text) {
        int n = text.length();
        PiiTokens t = new PiiTokens(text, Math.max(8, Math.min(n / 5 + 8, 1 << 16)));
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            int cls = c < 128 ? ASCII[c] : Character.isLetterOrDigit(c) ? 4 : 0;
            if (cls == 0) {
                i++;
                continue;
            }
            int s = i;
            boolean letters = false;
            boolean digits = false;
            boolean nonAscii = false;
            int upper = 0;
            int lower = 0;
            long h = CaseFold.start();
            while (i < n) {
                c = text.charAt(i);
                if (c < 128) {
                    byte a = ASCII[c];
                    if (a == 1) {
                        letters = true;
                        lower++;
                    } else if (a == 2) {
                        letters = true;
                        upper++;
                        c = (char) (c | 0x20);
                    } else if (a == 3) {
                        digits = true;
                    } else if ((c == '\'' || c == '-') && letters && !digits && i + 1 < n
                            && Character.isLetter(text.charAt(i + 1)) && !possessive(text, i)) {
                        h = (h ^ c) * 0x100000001b3L;
                        i++;
                        continue;
                    } else {
                        break;
                    }
                    h = (h ^ c) * 0x100000001b3L;
                    i++;
                    continue;
                }
                nonAscii = true;
                if (Character.isLetter(c)) {
                    letters = true;
                    if (Character.isUpperCase(c) || Character.isTitleCase(c)) {
                        upper++;
                    } else if (Character.isLowerCase(c)) {
                        lower++;
                    }
                } else if (Character.isDigit(c)) {
                    digits = true;
                } else if (c == '’' && letters && !digits && i + 1 < n && Character.isLetter(text.charAt(i + 1))
                        && !possessive(text, i)) {
                    // inner apostrophe
                } else if (!(isMark(c) && i > s)) {
                    break;
                }
                char f = CaseFold.fold(c);
                if (f != CaseFold.SKIP) {
                    h = (h ^ f) * 0x100000001b3L;
                }
                i++;
            }
            if (i == s) {
                i++;
                continue;
            }
            byte k = letters ? (digits ? ALNUM : WORD) : NUM;
            byte sh = nonAscii ? NON_ASCII : 0;
            char first = text.charAt(s);
            if (first < 128 ? ASCII[first] == 2 : Character.isUpperCase(first) || Character.isTitleCase(first)) {
                sh |= CAP;
            }
            if (upper >= 2 && lower == 0) {
                sh |= UPPER;
            }
            if (upper == 0) {
                sh |= LOWER;
            }
            t.add(s, i, k, sh, h);
        }
        return t;
    }

    /** "'s" closing a word is a possessive, not part of the name ("Szczepańska's"). */
    private static boolean possessive(String text, int i) {
        char s = text.charAt(i + 1);
        return text.charAt(i) != '-' && (s == 's' || s == 'S')
                && (i + 2 >= text.length() || !Character.isLetter(text.charAt(i + 2)));
    }

    static boolean isMark(char c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private void add(int s, int e, byte k, byte sh, long h) {
        if (size == start.length) {
            int cap = size * 2;
            start = Arrays.copyOf(start, cap);
            end = Arrays.copyOf(end, cap);
            kind = Arrays.copyOf(kind, cap);
            shape = Arrays.copyOf(shape, cap);
            hash = Arrays.copyOf(hash, cap);
        }
        start[size] = s;
        end[size] = e;
        kind[size] = k;
        shape[size] = sh;
        hash[size] = h;
        size++;
    }

    boolean isNum(int i) {
        return kind[i] == NUM;
    }

    boolean cap(int i) {
        return (shape[i] & CAP) != 0;
    }

    boolean upper(int i) {
        return (shape[i] & UPPER) != 0;
    }

    boolean lower(int i) {
        return (shape[i] & LOWER) != 0;
    }

    boolean nonAscii(int i) {
        return (shape[i] & NON_ASCII) != 0;
    }

    int length(int i) {
        return end[i] - start[i];
    }

    /** Token i begins a multi-word lexicon entry. */
    void markPrefix(int i) {
        if (lexPrefix == null) {
            lexPrefix = new boolean[start.length];
        }
        lexPrefix[i] = true;
    }

    boolean lexPrefix(int i) {
        return lexPrefix != null && lexPrefix[i];
    }

    /** Gazetteer bits of word i, looked up once and cached. */
    int gaz(Gazetteer g, int i) {
        if (gaz == null) {
            gaz = new int[start.length];
            Arrays.fill(gaz, -1);
        }
        int v = gaz[i];
        if (v < 0) {
            v = kind[i] == WORD ? g.flags(this, i) : 0;
            gaz[i] = v;
        }
        return v;
    }

    /** PiiLexicon bits of cue phrases ending at token i, computed once. */
    int cueEnd(PiiLexicon lexicon, int i) {
        if (cueEnd == null) {
            cueEnd = new int[start.length];
            Arrays.fill(cueEnd, -1);
        }
        int v = cueEnd[i];
        if (v < 0) {
            v = lexicon.phrasesEndingAt(this, i);
            cueEnd[i] = v;
        }
        return v;
    }

    /** True when only blanks (no line break) separate token i from token i + 1. */
    boolean spaceOnlyAfter(int i) {
        if (i + 1 >= size) {
            return false;
        }
        int a = end[i];
        int b = start[i + 1];
        if (b == a || b - a > 3) {
            return false;
        }
        for (int k = a; k < b; k++) {
            char c = text.charAt(k);
            if (c != ' ' && c != '\t' && c != '\u00a0') {
                return false;
            }
        }
        return true;
    }

    /** The text between token i and token i + 1 is sep (with blanks around it). */
    boolean gapIs(int i, char sep) {
        if (i + 1 >= size) {
            return false;
        }
        boolean seen = false;
        for (int k = end[i]; k < start[i + 1]; k++) {
            char c = text.charAt(k);
            if (c == sep && !seen) {
                seen = true;
            } else if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return seen;
    }

    /** True when token i begins a sentence or a line (capitalisation there says little). */
    boolean sentenceStart(int i) {
        int k = start[i] - 1;
        while (k >= 0) {
            char c = text.charAt(k);
            if (c == '\n' || c == '.' || c == '!' || c == '?' || c == ':' || c == '"' || c == '“' || c == '>'
                    || c == '*' || c == '-' || c == '•' || c == '(' || c == '[') {
                return true;
            }
            if (!Character.isWhitespace(c)) {
                return false;
            }
            k--;
        }
        return true;
    }

    /** Index of the first token starting at or after pos. */
    int firstAtOrAfter(int pos) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (start[mid] < pos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    boolean equalsIgnoreCase(int i, String word) {
        return end[i] - start[i] == word.length() && text.regionMatches(true, start[i], word, 0, word.length());
    }
}
