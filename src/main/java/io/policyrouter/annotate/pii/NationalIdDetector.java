package io.policyrouter.annotate.pii;

import io.policyrouter.vocabulary.DataClass;
import org.apache.commons.validator.routines.checkdigit.VerhoeffCheckDigit;

/**
 * National, tax and passport identifiers. Distinctive shapes are accepted anywhere (US SSN/ITIN 123-45-6789, Indian
 * PAN ABCDE1234F, UK NINO AB123456C, Verhoeff-valid Aadhaar 1234 5678 9012); any other identifier is accepted only
 * as the token that follows an identifier cue ("passport number", "tax ID", "SSN", ...).
 */
final class NationalIdDetector {

    private static final CueList ID_CUES = CueList.of("ssn", "ssns", "social security", "social security number",
        "social insurance number", "sin", "itin", "atin", "tin", "ein", "tax id", "tax identification", "tax number",
        "taxpayer id", "tax file number", "tfn", "passport", "passport number", "passport no", "passport id",
        "national id", "national identity", "national identification", "identity card", "id card", "identity number",
        "pan", "pan card", "aadhaar", "aadhar", "voter id", "nin", "national insurance", "personnummer",
        "bsn", "dni", "nie", "nif", "cpf", "cnp", "pesel", "steuer-id", "steuernummer", "codice fiscale", "curp",
        "sozialversicherungsnummer", "numéro de sécurité sociale", "insee", "cédula", "rut", "hetu", "cpr");
    private static final CueList SSN_CUES = CueList.of("ssn", "social security", "itin", "tin", "tax id", "taxpayer");

    void detect(String text, PiiTokens t, SpanSet out) {
        detectShapes(text, out);
        if ((t.lexAll & PiiLexicon.TRIGGER_NATIONAL_ID) != 0) {
            detectAfterCues(text, t, out);
        }
    }

    private void detectShapes(String text, SpanSet out) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (!(Chars.isDigit(c) || c >= 'A' && c <= 'Z') || i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))) {
                continue;
            }
            int e = -1;
            if (Chars.isDigit(c)) {
                e = ssn(text, i);
                if (e < 0) {
                    e = aadhaar(text, i);
                }
            } else if (Chars.isAsciiLetter(c)) {
                e = pan(text, i);
                if (e < 0) {
                    e = nino(text, i);
                }
            }
            if (e > 0 && !Chars.alnumAt(text, e) && !out.claimed(i, e)) {
                out.add(DataClass.NATIONAL_ID, i, e);
                i = e;
            }
        }
    }

    /** 123-45-6789 (or with spaces after an SSN cue); area 000/666 and zero groups are never issued. */
    private static int ssn(String text, int i) {
        int n = text.length();
        if (i + 11 > n) {
            return -1;
        }
        char sep = text.charAt(i + 3);
        if (sep != '-' && sep != ' ' || text.charAt(i + 6) != sep) {
            return -1;
        }
        for (int k : new int[] {0, 1, 2, 4, 5, 7, 8, 9, 10}) {
            if (!Chars.isDigit(text.charAt(i + k))) {
                return -1;
            }
        }
        if (i + 11 < n && (Chars.isDigit(text.charAt(i + 11)) || text.charAt(i + 11) == sep)) {
            return -1;
        }
        String area = text.substring(i, i + 3);
        if (area.equals("000") || area.equals("666") || text.startsWith("00", i + 4) || text.startsWith("0000", i + 7)) {
            return -1;
        }
        if (sep == ' ' && !SSN_CUES.before(text, i, 40)) {
            return -1;
        }
        return i + 11;
    }

    /** 12 digits as 4-4-4 (space or none), first digit 2-9, Verhoeff check digit valid. */
    private static int aadhaar(String text, int i) {
        int n = text.length();
        if (i + 14 > n || text.charAt(i + 4) != ' ' || text.charAt(i + 9) != ' ') {
            return -1;
        }
        StringBuilder digits = null;
        int k = i;
        for (int g = 0; g < 3; g++) {
            if (g > 0) {
                if (k < n && text.charAt(k) == ' ') {
                    k++;
                } else {
                    return -1;
                }
            }
            for (int d = 0; d < 4; d++) {
                if (k >= n || !Chars.isDigit(text.charAt(k))) {
                    return -1;
                }
                k++;
            }
        }
        // a fourth group makes it a card-like number, not an Aadhaar
        if (text.charAt(i) < '2' || k < n && Chars.isDigit(text.charAt(k))
                || k + 1 < n && (text.charAt(k) == ' ' || text.charAt(k) == '-') && Chars.isDigit(text.charAt(k + 1))) {
            return -1;
        }
        digits = new StringBuilder(12);
        for (int p = i; p < k; p++) {
            if (text.charAt(p) != ' ') {
                digits.append(text.charAt(p));
            }
        }
        return VerhoeffCheckDigit.VERHOEFF_CHECK_DIGIT.isValid(digits.toString()) ? k : -1;
    }

    /** Indian PAN: five letters (the fourth the holder type), four digits, one letter, upper case. */
    private static int pan(String text, int i) {
        if (i + 10 > text.length()) {
            return -1;
        }
        for (int k = 0; k < 10; k++) {
            char c = text.charAt(i + k);
            boolean ok = k < 5 || k == 9 ? c >= 'A' && c <= 'Z' : Chars.isDigit(c);
            if (!ok) {
                return -1;
            }
        }
        return "PCHFATBLJG".indexOf(text.charAt(i + 3)) >= 0 ? i + 10 : -1;
    }

    /** UK National Insurance number: two prefix letters, six digits, suffix A-D (spaces allowed as AB 12 34 56 C). */
    private static int nino(String text, int i) {
        int n = text.length();
        if (i + 9 > n) {
            return -1;
        }
        char a = text.charAt(i);
        char b = text.charAt(i + 1);
        if ("DFIQUV".indexOf(a) >= 0 || "DFIQUVO".indexOf(b) >= 0 || a < 'A' || a > 'Z' || b < 'A' || b > 'Z') {
            return -1;
        }
        int k = i + 2;
        int digits = 0;
        while (k < n && digits < 6) {
            char c = text.charAt(k);
            if (Chars.isDigit(c)) {
                digits++;
                k++;
            } else if (c == ' ' && digits % 2 == 0 && k + 1 < n && Chars.isDigit(text.charAt(k + 1))) {
                k++;
            } else {
                break;
            }
        }
        if (digits != 6) {
            return -1;
        }
        if (k < n && text.charAt(k) == ' ') {
            k++;
        }
        return k < n && text.charAt(k) >= 'A' && text.charAt(k) <= 'D' ? k + 1 : -1;
    }

    /** The identifier-looking token right after an identifier cue, looked for in the few tokens after each cue word. */
    private static void detectAfterCues(String text, PiiTokens t, SpanSet out) {
        int done = 0;
        for (int c = 0; c < t.size; c++) {
            if ((t.lex[c] & PiiLexicon.TRIGGER_NATIONAL_ID) == 0) {
                continue;
            }
            for (int k = Math.max(c + 1, done); k < t.size && k <= c + 7; k++) {
                int i = t.start[k];
                if (t.kind[k] == PiiTokens.WORD && t.length(k) < 5 || out.claimed(i, t.end[k])) {
                    continue;
                }
                int e = idTokenEnd(text, i);
                if (e > 0 && !out.claimed(i, e) && cueRightBefore(text, i)) {
                    out.add(DataClass.NATIONAL_ID, i, e);
                    done = t.firstAtOrAfter(e);
                    break;
                }
            }
        }
    }

    /** End of an identifier token at i: 5-20 chars of letters, digits, '-', '/', '.', with at least 4 digits (or masked X groups). */
    private static int idTokenEnd(String text, int i) {
        int n = text.length();
        int k = i;
        int digits = 0;
        int xs = 0;
        while (k < n && k - i < 24) {
            char c = text.charAt(k);
            if (Chars.isDigit(c)) {
                digits++;
            } else if (c == 'X' || c == 'x' || c == '*') {
                xs++;
            } else if (!(Chars.isAsciiLetter(c) || (c == '-' || c == '/' || c == '.' || c == ' ')
                    && k + 1 < n && Chars.isAsciiAlnum(text.charAt(k + 1)) && (c != ' ' || digits > 0
                    && Chars.isDigit(text.charAt(k + 1))))) {
                break;
            }
            k++;
        }
        int len = k - i;
        if (len < 5 || len > 20 || Chars.alnumAt(text, k)) {
            return -1;
        }
        if (digits >= 4 || digits >= 2 && xs >= 3 || digits >= 3 && len >= 8) {
            return k;
        }
        return -1;
    }

    private static boolean cueRightBefore(String text, int pos) {
        // allow filler words between the cue and the value: "passport number is", "SSN no.", "tax ID of"
        int k = pos;
        for (int step = 0; step < 4; step++) {
            while (k > 0 && " \t:#'\"‘“(=.,-".indexOf(text.charAt(k - 1)) >= 0 && pos - k < 40) {
                k--;
            }
            if (ID_CUES.distanceBefore(text, k, 40) == 0) {
                return true;
            }
            int w = k;
            while (w > 0 && Character.isLetter(text.charAt(w - 1))) {
                w--;
            }
            String word = text.substring(w, k).toLowerCase(java.util.Locale.ROOT);
            if (!FILLERS.contains(word)) {
                return false;
            }
            k = w;
        }
        return false;
    }

    private static final java.util.Set<String> FILLERS = java.util.Set.of("number", "numbers", "no", "num", "nr",
        "is", "was", "are", "of", "his", "her", "their", "my", "your", "card", "id", "the", "a", "and", "included",
        "includes", "listed", "as", "be", "will", "code", "details", "reads", "registered", "under", "digit",
        "10-digit", "12-digit");
}
