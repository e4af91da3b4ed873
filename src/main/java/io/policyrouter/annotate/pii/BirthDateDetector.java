package io.policyrouter.annotate.pii;

import io.policyrouter.vocabulary.DataClass;

/**
 * Dates of birth: a date (numeric, ISO, or with a month name) preceded within 40 characters by a birth cue
 * ("born", "date of birth", "DOB", "birthday"). A date without such a cue is not personal data by itself.
 */
final class BirthDateDetector {

    private static final CueList BIRTH_CUES = CueList.of("born", "birth", "birthday", "birthdate", "dob", "d.o.b",
        "date of birth", "geboren", "né", "née", "nacimiento", "nascimento", "naissance", "geburtsdatum");
    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
        "sept", "oct", "nov", "dec"};

    /** Looks for dates only in the 60 characters after each birth cue word of the text. */
    void detect(String text, PiiTokens t, SpanSet out) {
        int n = text.length();
        int scanned = 0;
        for (int c = 0; c < t.size; c++) {
            if ((t.lex[c] & PiiLexicon.TRIGGER_BIRTH) == 0) {
                continue;
            }
            int from = Math.max(scanned, t.end[c]);
            int to = Math.min(n, t.end[c] + 60);
            for (int i = from; i < to; i++) {
                char ch = text.charAt(i);
                if (i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))) {
                    continue;
                }
                int e = -1;
                if (Chars.isDigit(ch)) {
                    e = numericDate(text, i);
                    if (e < 0) {
                        e = dayMonthYear(text, i);
                    }
                } else if (Chars.isAsciiLetter(ch)) {
                    e = monthDayYear(text, i);
                }
                if (e > 0) {
                    if (!out.claimed(i, e) && BIRTH_CUES.before(text, i, 40)) {
                        out.add(DataClass.DATE_OF_BIRTH, i, e);
                    }
                    i = e;
                }
            }
            scanned = Math.max(scanned, to);
        }
    }

    /** d/m/yyyy, m-d-yy, d.m.yyyy, yyyy-mm-dd. */
    private static int numericDate(String text, int i) {
        int n = text.length();
        int[] len = new int[3];
        int[] val = new int[3];
        int k = i;
        char sep = 0;
        for (int g = 0; g < 3; g++) {
            if (g > 0) {
                if (k >= n) {
                    return -1;
                }
                char c = text.charAt(k);
                if (sep == 0 && (c == '/' || c == '-' || c == '.')) {
                    sep = c;
                } else if (c != sep) {
                    return -1;
                }
                k++;
            }
            int s = k;
            while (k < n && k - s < 5 && Chars.isDigit(text.charAt(k))) {
                val[g] = val[g] * 10 + text.charAt(k) - '0';
                k++;
            }
            len[g] = k - s;
            if (len[g] == 0 || len[g] > 4) {
                return -1;
            }
        }
        if (k < n && (Chars.isDigit(text.charAt(k)) || text.charAt(k) == sep && k + 1 < n
                && Chars.isDigit(text.charAt(k + 1)))) {
            return -1;
        }
        boolean ymd = len[0] == 4 && len[1] <= 2 && len[2] <= 2 && val[1] >= 1 && val[1] <= 12 && val[2] >= 1
                && val[2] <= 31;
        boolean other = len[0] <= 2 && len[1] <= 2 && (len[2] == 4 || len[2] == 2) && val[0] >= 1 && val[1] >= 1
                && (val[0] <= 12 && val[1] <= 31 || val[1] <= 12 && val[0] <= 31);
        return ymd || other ? k : -1;
    }

    /** 12 March 1990, 3rd of May, 1990. */
    private static int dayMonthYear(String text, int i) {
        int n = text.length();
        int k = i;
        while (k < n && k - i < 2 && Chars.isDigit(text.charAt(k))) {
            k++;
        }
        if (k < n && Chars.isDigit(text.charAt(k))) {
            return -1;
        }
        k = skipOrdinal(text, k);
        k = skipSpaces(text, k);
        if (text.regionMatches(true, k, "of ", 0, 3)) {
            k += 3;
        }
        int m = month(text, k);
        if (m < 0) {
            return -1;
        }
        return year(text, m);
    }

    /** March 12, 1990. */
    private static int monthDayYear(String text, int i) {
        int m = month(text, i);
        if (m < 0) {
            return -1;
        }
        int k = skipSpaces(text, m);
        int d = k;
        while (k < text.length() && k - d < 2 && Chars.isDigit(text.charAt(k))) {
            k++;
        }
        if (k == d) {
            return -1;
        }
        k = skipOrdinal(text, k);
        return year(text, k);
    }

    private static int month(String text, int k) {
        for (String m : MONTHS) {
            if (text.regionMatches(true, k, m, 0, m.length())) {
                int e = k + m.length();
                if (e < text.length() && text.charAt(e) == '.') {
                    e++;
                }
                if (Chars.wordBoundary(text, e)) {
                    return e;
                }
            }
        }
        return -1;
    }

    private static int year(String text, int k) {
        int n = text.length();
        if (k < n && text.charAt(k) == ',') {
            k++;
        }
        k = skipSpaces(text, k);
        int s = k;
        while (k < n && k - s < 4 && Chars.isDigit(text.charAt(k))) {
            k++;
        }
        return k - s == 4 && !Chars.alnumAt(text, k) ? k : -1;
    }

    private static int skipSpaces(String text, int k) {
        int s = k;
        while (k < text.length() && k - s < 3 && text.charAt(k) == ' ') {
            k++;
        }
        return k;
    }

    private static int skipOrdinal(String text, int k) {
        for (String o : new String[] {"st", "nd", "rd", "th"}) {
            if (text.regionMatches(true, k, o, 0, 2) && Chars.wordBoundary(text, k + 2)) {
                return k + 2;
            }
        }
        return k;
    }
}
