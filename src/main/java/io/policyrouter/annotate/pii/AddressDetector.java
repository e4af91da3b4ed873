package io.policyrouter.annotate.pii;

import io.policyrouter.vocabulary.DataClass;

/**
 * Street addresses and postal codes from their shape: a house number with a street word (USPS suffix, a street-type
 * word such as "rue"/"via"/"calle", or a compound ending such as "-straße"/"-katu"/"-vej"), unit designators
 * ("Apt. 4", "Suite 200"), PO boxes and military addresses, "City, ST 12345", post codes after their cue and UK /
 * Canadian post codes. An address grows over the short address-like lines that follow it (city, region, country,
 * zip).
 */
final class AddressDetector {

    /** Compound endings of street names (German, Nordic, Dutch, Finnish, Hungarian, Baltic, Slavic, Turkish). */
    private static final String[] STREET_ENDINGS = {"straße", "strasse", "str", "weg", "gasse", "platz", "allee",
        "damm", "ufer", "steig", "pfad", "ring", "chaussee", "katu", "tie", "kuja", "polku", "kaari", "raitti", "tori",
        "vej", "gade", "vænget", "stræde", "gatan", "vägen", "gränd", "torget", "stigen", "backen", "veien", "gata",
        "vegen", "gate", "veg", "laan", "straat", "plein", "gracht", "kade", "dreef", "singel", "utca", "út", "útja",
        "tér", "körút", "ulice", "náměstí", "třída", "cesta", "iela", "gatve", "tänav", "põik", "maantee", "vei",
        "stieg", "markt", "hof", "graben", "berg", "feld", "brücke", "gaarden", "svingen", "bakken", "vangen",
        "centret", "street", "road", "avenue", "lane", "stræti", "straeti", "vegur", "braut", "väg", "sokak",
        "sokağı", "caddesi"};

    private final Gazetteer g;
    private final PiiLexicon lex = PiiLexicon.get();

    AddressDetector(Gazetteer gazetteer) {
        this.g = gazetteer;
    }

    void detect(String text, PiiTokens t, SpanSet out) {
        boolean caseless = NameDetector.caseless(t);
        int n = t.size;
        int i = 0;
        while (i < n) {
            int end = -1;
            if (candidate(t, i) && !out.claimed(t.start[i], t.end[i])) {
                end = anchor(text, t, i, caseless);
            }
            if (end >= i) {
                int s = i;
                // a bare number right before a street on the same line is the building number ("2060 Avenida ...")
                if (s > 0 && t.isNum(s - 1) && t.spaceOnlyAfter(s - 1) && t.length(s - 1) <= 6
                        && !out.claimed(t.start[s - 1], t.end[s - 1])) {
                    s--;
                }
                int last = extend(text, t, end);
                out.add(DataClass.LOCATION, t.start[s], t.end[last]);
                i = last + 1;
            } else {
                i++;
            }
        }
        if ((t.lexAll & PiiLexicon.ZIP) != 0 || hasPostcodeShape(t)) {
            postCodes(text, t, out);
        }
    }

    /** Cheap first test: only numbers, capitalised words and the few lower-case street/unit words start an address. */
    private static boolean candidate(PiiTokens t, int i) {
        if (t.kind[i] != PiiTokens.WORD) {
            return t.length(i) <= 6 && i + 1 < t.size;
        }
        return t.cap(i) || (PiiLexicon.word(t, i) & (PiiLexicon.STREET_PREFIX | PiiLexicon.UNIT | PiiLexicon.MILITARY)) != 0;
    }

    /** Index of the last token of an address anchor starting at token i, or -1. */
    private int anchor(String text, PiiTokens t, int i, boolean caseless) {
        int n = t.size;
        int w = PiiLexicon.word(t, i);
        if (t.isNum(i) || t.kind[i] == PiiTokens.ALNUM && Chars.isDigit(text.charAt(t.start[i]))) {
            if (!t.spaceOnlyAfter(i)) {
                return -1;
            }
            int j = i + 1;
            if (t.isNum(j) && t.length(j) <= 5 && j + 1 < n && t.spaceOnlyAfter(j)) {
                j++; // "143 31 rue de ...", "5521 119 Countess Close"
            }
            return streetAfterNumber(text, t, j, caseless);
        }
        if (t.kind[i] != PiiTokens.WORD) {
            return -1;
        }
        if ((w & PiiLexicon.STREET_PREFIX) != 0 && (t.cap(i) || caseless || addressContext(t, i))) {
            int e = streetFromPrefix(t, i, caseless);
            if (e > i && t.isNum(e)) {
                return e;
            }
        }
        if (i + 1 < n && t.spaceOnlyAfter(i) && houseNumber(t, i + 1) && hasStreetEnding(t, i)
                && (t.cap(i) || addressContext(t, i))) {
            return i + 1;
        }
        if (t.cap(i) && i + 1 < n && t.spaceOnlyAfter(i) && (t.cap(i + 1) || houseNumber(t, i + 1))
                && (w & PiiLexicon.NOT_NAME) == 0) {
            int e = namedStreet(text, t, i);
            if (e > i && !common(t, i)) {
                return e;
            }
        }
        if ((w & PiiLexicon.UNIT) != 0 && (t.cap(i) || caseless || addressContext(t, i))) {
            int j = unitNumber(text, t, i);
            if (j > 0) {
                return j;
            }
        }
        if ((t.equalsIgnoreCase(i, "po") || t.equalsIgnoreCase(i, "p")) && i + 2 < n) {
            int j = i + 1;
            if (t.equalsIgnoreCase(i, "p") && t.equalsIgnoreCase(j, "o")) {
                j++;
            }
            if (j + 1 < n && t.equalsIgnoreCase(j, "box") && t.isNum(j + 1)) {
                return j + 1;
            }
        }
        if ((t.equalsIgnoreCase(i, "psc") || t.equalsIgnoreCase(i, "unit") || t.equalsIgnoreCase(i, "cmr"))
                && i + 3 < n && t.isNum(i + 1) && t.equalsIgnoreCase(i + 2, "box") && t.isNum(i + 3)) {
            return i + 3;
        }
        if ((t.equalsIgnoreCase(i, "uss") || t.equalsIgnoreCase(i, "usns") || t.equalsIgnoreCase(i, "usnv"))
                && t.upper(i) && i + 1 < n && t.cap(i + 1) && t.spaceOnlyAfter(i)) {
            int j = i + 1;
            while (j + 1 < n && j - i < 3 && t.spaceOnlyAfter(j) && t.cap(j + 1)
                    && (PiiLexicon.word(t, j + 1) & PiiLexicon.MILITARY) == 0) {
                j++;
            }
            if (j + 3 < n && (PiiLexicon.word(t, j + 1) & PiiLexicon.MILITARY) != 0) {
                return j;
            }
        }
        if ((w & PiiLexicon.MILITARY) != 0 && i + 2 < n && t.length(i + 1) == 2 && t.isNum(i + 2) && t.length(i + 2) == 5
                && (t.equalsIgnoreCase(i + 1, "aa") || t.equalsIgnoreCase(i + 1, "ae") || t.equalsIgnoreCase(i + 1, "ap"))) {
            return i + 2;
        }
        return stateAndZip(t, i);
    }

    /**
     * Streets that start with their name: "Hoge Wei 32 St.", "Pod Floriánem 1677" (after an address cue),
     * "Tarsicio Isle Street", "Baker Street". Returns the last token or -1.
     */
    private int namedStreet(String text, PiiTokens t, int i) {
        int n = t.size;
        int k = i;
        int words = 1;
        while (true) {
            if (k + 1 >= n || !t.spaceOnlyAfter(k)) {
                return -1;
            }
            int j = k + 1;
            if (houseNumber(t, j)) {
                // name + number, then a street word or (after an address cue) the end of the phrase
                if (j + 1 < n && t.spaceOnlyAfter(j) && t.kind[j + 1] == PiiTokens.WORD
                        && (PiiLexicon.word(t, j + 1) & PiiLexicon.STRONG_SUFFIX) != 0) {
                    return j + 1;
                }
                if (numberEnds(text, t, j) && addressContext(t, i)) {
                    return j;
                }
                return -1;
            }
            if (t.kind[j] != PiiTokens.WORD || words >= 4) {
                return -1;
            }
            int w = PiiLexicon.word(t, j);
            if (t.cap(j) && (w & PiiLexicon.STRONG_SUFFIX) != 0 && words <= 3 && !t.upper(j)) {
                return j;
            }
            if (!(t.cap(j) || (w & PiiLexicon.ADDRESS_PARTICLE) != 0)) {
                return -1;
            }
            k = j;
            words++;
        }
    }

    /** The number token ends a phrase: end of text or line, or a comma / full stop / question mark after it. */
    private static boolean numberEnds(String text, PiiTokens t, int j) {
        int e = t.end[j];
        if (e >= text.length()) {
            return true;
        }
        char c = text.charAt(e);
        return c == '\n' || c == ',' || c == '?' || c == '!' || c == ')' || c == ';'
                || (c == '.' || c == ' ') && (e + 1 >= text.length() || !Chars.isDigit(text.charAt(e + 1)));
    }

    private boolean common(PiiTokens t, int i) {
        return (t.gaz(g, i) & Gazetteer.COMMON) != 0;
    }

    /** After a house number: a US street (words + suffix), a street-type word with its name, or a compound street. */
    private int streetAfterNumber(String text, PiiTokens t, int j, boolean caseless) {
        int n = t.size;
        if (j >= n || t.kind[j] == PiiTokens.NUM) {
            return -1;
        }
        if (t.kind[j] == PiiTokens.WORD && (PiiLexicon.word(t, j) & PiiLexicon.STREET_PREFIX) != 0) {
            int e = streetFromPrefix(t, j, caseless);
            return e > j ? e : -1;
        }
        int k = j;
        int words = 0;
        int context = -1;
        while (k < n && words < 5) {
            boolean ordinal = t.kind[k] == PiiTokens.ALNUM && ordinal(text, t, k);
            if (t.kind[k] != PiiTokens.WORD && !ordinal) {
                break;
            }
            int w = PiiLexicon.word(t, k);
            boolean capital = t.cap(k) || ordinal || caseless;
            if (!capital && (w & PiiLexicon.ADDRESS_PARTICLE) == 0) {
                if (context < 0) {
                    context = addressContext(t, j) ? 1 : 0;
                }
                if (context == 0) {
                    break;
                }
            }
            words++;
            boolean suffix = k > j && ((t.gaz(g, k) & Gazetteer.STREET_SUFFIX) != 0 || (w & PiiLexicon.EXTRA_SUFFIX) != 0);
            if (suffix) {
                return withDirection(t, k);
            }
            if (hasStreetEnding(t, k)) {
                // "Koskikatu 25", "Nybyvägen 65"
                return k + 1 < n && t.spaceOnlyAfter(k) && houseNumber(t, k + 1) ? k + 1 : k;
            }
            if (k + 1 >= n || !t.spaceOnlyAfter(k)) {
                break;
            }
            k++;
            if (houseNumber(t, k) && numberEnds(text, t, k) && !allCommon(t, j, k - 1)) {
                return k; // "009 Slovenčeva 51", "6750 Jiřího z Poděbrad 1874"
            }
        }
        return -1;
    }

    private boolean allCommon(PiiTokens t, int from, int to) {
        for (int k = from; k <= to; k++) {
            if ((t.gaz(g, k) & Gazetteer.COMMON) == 0 && (PiiLexicon.word(t, k) & PiiLexicon.ADDRESS_PARTICLE) == 0) {
                return false;
            }
        }
        return true;
    }

    private static int withDirection(PiiTokens t, int k) {
        if (k + 1 < t.size && t.spaceOnlyAfter(k) && t.kind[k + 1] == PiiTokens.WORD && t.cap(k + 1)
                && (PiiLexicon.word(t, k + 1) & PiiLexicon.DIRECTION) != 0) {
            return k + 1;
        }
        return k;
    }

    /** "Via Tasso 129", "rue de la Hulotais", "Avenida Otoniel Dutra 1277": the last token, or -1. */
    private int streetFromPrefix(PiiTokens t, int i, boolean caseless) {
        int n = t.size;
        int k = i;
        int words = 0;
        int last = -1;
        int context = -1;
        while (k + 1 < n && words < 6) {
            boolean sep = t.spaceOnlyAfter(k) || t.gapIs(k, '.') && t.length(k) <= 4 || t.gapIs(k, '/');
            if (!sep) {
                break;
            }
            int j = k + 1;
            if (houseNumber(t, j)) {
                return j;
            }
            if (t.kind[j] != PiiTokens.WORD) {
                break;
            }
            boolean particle = (PiiLexicon.word(t, j) & PiiLexicon.ADDRESS_PARTICLE) != 0;
            if (!(t.cap(j) || particle || caseless)) {
                if (context < 0) {
                    context = addressContext(t, i) ? 1 : 0;
                }
                if (context == 0 || !t.lower(j)) {
                    break;
                }
            }
            if (!particle) {
                last = j;
            }
            words++;
            k = j;
        }
        return last;
    }

    private static boolean ordinal(String text, PiiTokens t, int k) {
        int e = t.end[k];
        return t.length(k) >= 3 && Chars.isDigit(text.charAt(t.start[k])) && (text.regionMatches(true, e - 2, "st", 0, 2)
                || text.regionMatches(true, e - 2, "nd", 0, 2) || text.regionMatches(true, e - 2, "rd", 0, 2)
                || text.regionMatches(true, e - 2, "th", 0, 2));
    }

    private static boolean houseNumber(PiiTokens t, int k) {
        if (k >= t.size) {
            return false;
        }
        if (t.isNum(k)) {
            return t.length(k) <= 5;
        }
        // "12b", "4A"
        return t.kind[k] == PiiTokens.ALNUM && t.length(k) <= 5 && Chars.isDigit(t.text.charAt(t.start[k]))
                && Character.isLetter(t.text.charAt(t.end[k] - 1)) && Chars.isDigit(t.text.charAt(t.end[k] - 2));
    }

    static boolean hasStreetEnding(PiiTokens t, int k) {
        int len = t.length(k);
        if (len < 5 || t.kind[k] != PiiTokens.WORD) {
            return false;
        }
        int e = t.end[k];
        for (String ending : STREET_ENDINGS) {
            if (len > ending.length() + 2 && t.text.regionMatches(true, e - ending.length(), ending, 0, ending.length())) {
                return true;
            }
        }
        return false;
    }

    /** "Apt. 864", "Suite 408", "Unit 5146", "apt. 169": the number token, or -1. */
    private static int unitNumber(String text, PiiTokens t, int i) {
        int j = i + 1;
        if (j >= t.size || t.start[j] - t.end[i] > 4) {
            return -1;
        }
        for (int k = t.end[i]; k < t.start[j]; k++) {
            char c = text.charAt(k);
            if (c != '.' && c != ' ' && c != '#') {
                return -1;
            }
        }
        if (t.isNum(j) && t.length(j) <= 6 || t.kind[j] == PiiTokens.ALNUM && t.length(j) <= 5) {
            return j;
        }
        return -1;
    }

    /** "IL 62704" / "CO 80301-1234" (state code + ZIP). */
    private int stateAndZip(PiiTokens t, int i) {
        int n = t.size;
        if (!t.upper(i) || t.length(i) != 2 || i + 1 >= n || !t.isNum(i + 1) || t.length(i + 1) != 5
                || !t.spaceOnlyAfter(i) || (t.gaz(g, i) & Gazetteer.STATE_CODE) == 0) {
            return -1;
        }
        int e = i + 1;
        if (e + 1 < n && t.gapIs(e, '-') && t.isNum(e + 1) && t.length(e + 1) == 4) {
            e++;
        }
        return e;
    }

    /** Grows an address over the rest of its line and over following short address-like lines. */
    private int extend(String text, PiiTokens t, int last) {
        int n = t.size;
        int lines = 0;
        int k = last;
        while (k + 1 < n) {
            int gapStart = t.end[k];
            int next = k + 1;
            int breaks = 0;
            boolean stop = false;
            for (int p = gapStart; p < t.start[next]; p++) {
                char c = text.charAt(p);
                if (c == '\n') {
                    breaks++;
                } else if (c == '.' && p == gapStart && ((PiiLexicon.word(t, k) & PiiLexicon.UNIT) != 0 || t.length(k) <= 2)) {
                    continue; // "Apt. 4", "St. Louis"
                } else if (c != ' ' && c != ',' && c != '\t' && c != '\r' && c != '>' && c != '?' && c != '-'
                        && c != '\u00a0' && c != '|') {
                    stop = true;
                }
            }
            if (stop || breaks > 2 || t.start[next] - gapStart > 12) {
                break;
            }
            if (breaks > 0) {
                if (++lines > 5) {
                    break;
                }
                int lineEnd = addressLine(text, t, next);
                if (lineEnd < 0) {
                    break;
                }
                k = lineEnd;
                continue;
            }
            if (!addressToken(t, next)) {
                break;
            }
            k = next;
        }
        return k;
    }

    /** If the line starting at token i is a short address line, the index of its last token; otherwise -1. */
    private int addressLine(String text, PiiTokens t, int i) {
        int n = t.size;
        int k = i;
        int digits = 0;
        while (k < n) {
            if (!addressToken(t, k)) {
                return -1;
            }
            if (t.isNum(k)) {
                digits += t.length(k);
            }
            if (k - i > 7 || digits > 10) {
                return -1;
            }
            if (k + 1 >= n) {
                break;
            }
            boolean newline = false;
            for (int p = t.end[k]; p < t.start[k + 1]; p++) {
                char c = text.charAt(p);
                if (c == '\n') {
                    newline = true;
                } else if (c == ':' || c == '@' || c == '!' || c == '?' && text.charAt(t.start[k + 1] - 1) != '?') {
                    return -1;
                }
            }
            if (newline) {
                break;
            }
            k++;
        }
        // the line must end at a line break or the end of the text (not run into a sentence)
        if (k + 1 < n) {
            for (int p = t.end[k]; p < t.start[k + 1]; p++) {
                if (text.charAt(p) == '.' && p + 1 < text.length() && text.charAt(p + 1) == ' ') {
                    return -1;
                }
            }
        }
        return k;
    }

    private boolean addressToken(PiiTokens t, int k) {
        if (t.isNum(k)) {
            return t.length(k) <= 6;
        }
        if (t.kind[k] == PiiTokens.ALNUM) {
            return t.length(k) <= 7;
        }
        int w = PiiLexicon.word(t, k);
        if (t.cap(k) || t.upper(k)) {
            return (w & PiiLexicon.ADDRESS_LABEL) == 0; // not "Phone", "Email", "The" ...
        }
        if ((w & (PiiLexicon.ADDRESS_PARTICLE | PiiLexicon.UNIT)) != 0 || t.equalsIgnoreCase(k, "box")
                || t.equalsIgnoreCase(k, "nan")) {
            return true;
        }
        int f = t.gaz(g, k);
        return (f & (Gazetteer.PLACE | Gazetteer.STREET_SUFFIX)) != 0 && (f & Gazetteer.COMMON) == 0
                || hasStreetEnding(t, k);
    }

    private boolean addressContext(PiiTokens t, int i) {
        return lex.within(t, i, PiiLexicon.ADDRESS, 60);
    }

    private static boolean hasPostcodeShape(PiiTokens t) {
        for (int i = 0; i + 1 < t.size; i++) {
            if (t.kind[i] == PiiTokens.ALNUM && t.kind[i + 1] == PiiTokens.ALNUM && t.length(i + 1) == 3 && t.length(i) <= 4) {
                return true;
            }
        }
        return false;
    }

    /** Post codes after "zip"/"postcode" and UK / Canadian post codes anywhere. */
    private void postCodes(String text, PiiTokens t, SpanSet out) {
        for (int i = 0; i < t.size; i++) {
            int s = t.start[i];
            if (t.kind[i] == PiiTokens.WORD || out.claimed(s, t.end[i])) {
                continue;
            }
            if (t.kind[i] == PiiTokens.ALNUM && i + 1 < t.size && t.spaceOnlyAfter(i) && t.kind[i + 1] == PiiTokens.ALNUM
                    && (ukPostcode(text, s, t.end[i], t.start[i + 1], t.end[i + 1])
                    || caPostcode(text, s, t.end[i], t.start[i + 1], t.end[i + 1]))) {
                out.add(DataClass.LOCATION, s, t.end[i + 1]);
                i++;
                continue;
            }
            if (t.length(i) >= 3 && t.length(i) <= 10 && zipCue(t, i)) {
                int e = t.end[i];
                if (i + 1 < t.size && t.gapIs(i, '-') && t.isNum(i + 1) && t.length(i + 1) == 4) {
                    e = t.end[i + 1];
                }
                out.add(DataClass.LOCATION, s, e);
            }
        }
    }

    /** "zip code is 12345", "ZIP: 3520". */
    private boolean zipCue(PiiTokens t, int i) {
        if (lex.before(t, i, PiiLexicon.ZIP)) {
            return true;
        }
        return i >= 2 && t.equalsIgnoreCase(i - 1, "is") && t.spaceOnlyAfter(i - 1) && lex.before(t, i - 1, PiiLexicon.ZIP);
    }

    /** UK: outward A9, A99, AA9, AA99, A9A, AA9A; inward 9AA; upper case. */
    static boolean ukPostcode(String text, int s, int e, int s2, int e2) {
        if (e2 - s2 != 3 || !Chars.isDigit(text.charAt(s2)) || !isUpper(text.charAt(s2 + 1))
                || !isUpper(text.charAt(s2 + 2))) {
            return false;
        }
        int len = e - s;
        if (len < 2 || len > 4 || !isUpper(text.charAt(s))) {
            return false;
        }
        int k = s + 1;
        if (isUpper(text.charAt(k))) {
            k++;
        }
        if (k >= e || !Chars.isDigit(text.charAt(k))) {
            return false;
        }
        k++;
        if (k < e && (Chars.isDigit(text.charAt(k)) || isUpper(text.charAt(k)))) {
            k++;
        }
        return k == e;
    }

    /** Canada: A9A 9A9. */
    static boolean caPostcode(String text, int s, int e, int s2, int e2) {
        return e - s == 3 && e2 - s2 == 3 && isUpper(text.charAt(s)) && Chars.isDigit(text.charAt(s + 1))
                && isUpper(text.charAt(s + 2)) && Chars.isDigit(text.charAt(s2)) && isUpper(text.charAt(s2 + 1))
                && Chars.isDigit(text.charAt(s2 + 2));
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
