package io.policyrouter.annotate.pii;

import io.policyrouter.vocabulary.DataClass;

/**
 * Person names without a statistical model: runs of capitalised words scored with first-name and surname
 * gazetteers, a list of common English words (to drop "Will", "May", "Long" when nothing else speaks for a name),
 * surname endings of several languages, and context cues (titles, "my name is", greetings, signatures, speaker
 * labels, lists of frequent first names, verbs only people do).
 */
final class NameDetector {

    private static final int MAX_RUN = 4;

    /** Surname endings of several languages (Slavic -ová/-ski/-ić, Nordic -sson/-dóttir, Finnish -nen, ...). */
    private static final String[] SURNAME_ENDINGS = {"ová", "ova", "ov", "ev", "eva", "sson", "sen", "dóttir",
        "dottir", "ić", "vić", "vic", "ski", "ska", "sky", "cki", "cka", "enko", "escu", "oglu", "oğlu", "poulos",
        "idis", "akis", "nen", "inen", "ez", "ini", "elli", "etti", "ucci", "yan", "shvili", "dze", "berg", "stein",
        "mann", "ström", "strom", "qvist", "kvist", "gaard", "wicz", "czyk", "chuk", "ovich", "evich", "ovna", "evna",
        "ák", "ár", "ér", "ős", "szky", "ssy", "son", "ović", "ević", "dis", "las"};

    private final Gazetteer g;
    private final PiiLexicon lex = PiiLexicon.get();
    private final boolean bareNames;

    NameDetector(Gazetteer gazetteer, boolean bareNames) {
        this.g = gazetteer;
        this.bareNames = bareNames;
    }

    void detect(String text, PiiTokens t, SpanSet out) {
        int n = t.size;
        boolean shouting = mostlyUpper(t);
        boolean caseless = caseless(t);
        int[] span = new int[2];
        int[] found = new int[1];
        int i = 0;
        while (i < n) {
            if (t.kind[i] != PiiTokens.WORD || !(t.cap(i) || caseless) || blocked(t, i) && t.length(i) > 1
                    || ideographic(text, t, i) || out.claimed(t.start[i], t.end[i])) {
                i++;
                continue;
            }
            if (caseless && !nameLike(t, i)) {
                i++;
                continue;
            }
            boolean capital = !(shouting && t.upper(i));
            if (!capital) {
                i++;
                continue;
            }
            int cue = cueStrength(t, i);
            int place = g.table.longest(t, i, MAX_RUN, Gazetteer.COUNTRY | Gazetteer.STATE | Gazetteer.CITY_MID, found);
            int last = run(t, i, caseless);
            // countries, states and larger towns are places unless a title makes them a name ("Mr. Austin"); a
            // one-word town may still start a name ("Vladimír Jára"), a frequent first name may stand alone
            boolean placeFirst = place > i
                    || place == i && (found[0] & (Gazetteer.COUNTRY | Gazetteer.STATE)) != 0
                    || place == i && last == i && (found[0] & Gazetteer.FIRST_TOP) == 0;
            if (placeFirst && cue < 2) {
                i = place + 1;
                continue;
            }
            if (decide(text, t, i, last, cue, out, span, caseless)) {
                out.add(DataClass.PERSON, t.start[span[0]], t.end[span[1]]);
                i = span[1] + 1;
            } else {
                i++;
            }
        }
    }

    /** Last token of the name-shaped run from i: capitalised words, initials ("J", "J."), particles inside. */
    private int run(PiiTokens t, int i, boolean caseless) {
        int last = i;
        int words = 1;
        int k = i;
        while (k + 1 < t.size && words < MAX_RUN && !possessive(t, k)) {
            boolean sep = t.spaceOnlyAfter(k) || initial(t, k) && t.gapIs(k, '.') && t.start[k + 1] - t.end[k] <= 2;
            if (!sep) {
                break;
            }
            int j = k + 1;
            if (t.kind[j] != PiiTokens.WORD || blocked(t, j) && !initial(t, j)) {
                break;
            }
            // an acronym does not continue a mixed-case name ("Priya Singh's PAN")
            boolean ok = caseless ? nameLike(t, j) || t.length(j) == 1
                    : t.cap(j) && (!t.upper(j) || t.upper(i) || t.length(j) > 4);
            if (!ok && (PiiLexicon.word(t, j) & PiiLexicon.NAME_PARTICLE) != 0 && j + 1 < t.size && t.spaceOnlyAfter(j)
                    && t.cap(j + 1)) {
                ok = true; // "Ludwig van Beethoven"
            }
            if (!ok) {
                break;
            }
            last = j;
            words++;
            k = j;
        }
        return last;
    }

    private static boolean possessive(PiiTokens t, int k) {
        int e = t.end[k];
        String text = t.text;
        return e + 1 < text.length() && (text.charAt(e) == '\'' || text.charAt(e) == '’')
                && (text.charAt(e + 1) == 's' || text.charAt(e + 1) == 'S');
    }

    /** Decides whether the run [i, last] (or part of it) is a name; the accepted tokens go to span. */
    private boolean decide(String text, PiiTokens t, int i, int last, int cue, SpanSet out, int[] span,
            boolean caseless) {
        // trailing initials and particles are dropped; a trailing common or blocked word ("Nobel Prize",
        // "Boston Consulting") says the run names something else
        while (last > i && (initial(t, last) || particle(t, last))) {
            last--;
        }
        if (last > i && cue < 2 && (blocked(t, last) || common(t, last) && !nameFlag(t, last))) {
            return false;
        }
        // leading capitalised words that are not names ("Yesterday John Smith", "Can Alice")
        int first = i;
        while (first < last && cue == 0 && (blocked(t, first) || common(t, first) && !nameFlag(t, first))) {
            first++;
        }
        if (blocked(t, first) || out.claimed(t.start[first], t.end[last])) {
            return false;
        }
        span[0] = first;
        span[1] = last;
        if (first == i && cue == 2) {
            // a title or "my name is": the run is a name, up to three words
            span[1] = Math.min(last, i + 2);
            return !common(t, i) || nameFlag(t, i);
        }
        if (last > first) {
            return multiWord(t, first, last, cue) || ownLine(text, t, first, last);
        }
        if (common(t, first)) {
            return false;
        }
        boolean known = nameFlag(t, first);
        boolean capital = t.cap(first) && !t.upper(first);
        if (first == i && cue == 1 && known && t.cap(first)) {
            return true;
        }
        if (first == i && (capital || caseless && known) && lex.before(t, first, PiiLexicon.NAME_PERSONAL)) {
            return true;
        }
        if (known && inNameList(t, first)) {
            return true;
        }
        if ((known || capital) && (speakerLabel(text, t, first) || vocative(text, t, first))) {
            return true;
        }
        if (capital && (lex.startsAt(t, first + 1, PiiLexicon.PERSON_AFTER) || possessive(t, first)
                && lex.startsAt(t, first + 1 + possessiveTokens(t, first), PiiLexicon.PERSONAL_NOUN))) {
            return true;
        }
        return bareNames && (t.gaz(g, first) & Gazetteer.FIRST) != 0 && t.cap(first);
    }

    /** The "s" of a possessive is a token of its own ("Matej" "'" "s"): skip it to reach the noun. */
    private static int possessiveTokens(PiiTokens t, int k) {
        return k + 1 < t.size && t.start[k + 1] == t.end[k] + 1 && t.length(k + 1) == 1 ? 1 : 0;
    }

    /** Two to four words: no plain common word, and at least one sign of a name. */
    private boolean multiWord(PiiTokens t, int first, int last, int cue) {
        int evidence = cue > 0 ? 1 : 0;
        int f0 = t.gaz(g, first);
        int fl = t.gaz(g, last);
        for (int k = first; k <= last; k++) {
            if (initial(t, k) || particle(t, k)) {
                if (initial(t, k) && k > first && k < last) {
                    evidence++; // "Szabina J Gelencsér"
                }
                continue;
            }
            int f = t.gaz(g, k);
            if ((f & Gazetteer.COMMON) != 0) {
                // a common word is fine only as a known first name before a known surname ("Will Smith")
                boolean asFirst = k == first && (f & Gazetteer.FIRST) != 0
                        && (fl & (Gazetteer.LAST | Gazetteer.OTHER_NAME)) != 0 && (fl & Gazetteer.COMMON) == 0;
                boolean asLast = k == last && (f & Gazetteer.LAST) != 0 && (f0 & Gazetteer.FIRST) != 0
                        && (f0 & Gazetteer.COMMON) == 0;
                if (!asFirst && !asLast) {
                    return false;
                }
            }
        }
        if ((f0 & (Gazetteer.FIRST | Gazetteer.OTHER_NAME)) != 0) {
            evidence++;
        }
        if ((fl & (Gazetteer.LAST | Gazetteer.OTHER_NAME)) != 0 || surnameEnding(t, last)) {
            evidence++;
        }
        return evidence >= 1;
    }

    /** "Julcsa Kárpáthy" alone on its line (a signature or an address block header), no common word in it. */
    private boolean ownLine(String text, PiiTokens t, int first, int last) {
        if (last - first > 2) {
            return false;
        }
        if (!Chars.startsLine(text, t.start[first], " \t>?*-•")) {
            return false;
        }
        int e = t.end[last];
        while (e < text.length() && (text.charAt(e) == ' ' || text.charAt(e) == '\t' || text.charAt(e) == '\r')) {
            e++;
        }
        if (e < text.length() && text.charAt(e) != '\n') {
            return false;
        }
        for (int k = first; k <= last; k++) {
            if (common(t, k) || blocked(t, k) || t.upper(k) && t.length(k) <= 4) {
                return false;
            }
        }
        return true;
    }

    private static boolean surnameEnding(PiiTokens t, int k) {
        int len = t.length(k);
        if (len < 5) {
            return false;
        }
        int e = t.end[k];
        for (String ending : SURNAME_ENDINGS) {
            if (len > ending.length() + 2 && t.text.regionMatches(true, e - ending.length(), ending, 0, ending.length())) {
                return true;
            }
        }
        return false;
    }

    /** 2 for a strong cue (title, "my name is"), 1 for a weak cue, 0 for none. */
    private int cueStrength(PiiTokens t, int i) {
        if (i == 0) {
            return 0;
        }
        if (lex.before(t, i, PiiLexicon.NAME_STRONG) || (PiiLexicon.word(t, i - 1) & PiiLexicon.TITLE) != 0
                && t.gapIs(i - 1, '.')) {
            return 2;
        }
        return lex.before(t, i, PiiLexicon.NAME_WEAK) ? 1 : 0;
    }

    /** "Leverett: What a wife." — a name as the speaker label at the start of a line. */
    private static boolean speakerLabel(String text, PiiTokens t, int i) {
        int e = t.end[i];
        if (e >= text.length() || text.charAt(e) != ':' || t.length(i) < 2) {
            return false;
        }
        return Chars.startsLine(text, t.start[i], " >\"*");
    }

    /** "Aloisia, can I ..." / "..., Derrick!" / "Remember me, Nathan?" — a name addressed directly. */
    private static boolean vocative(String text, PiiTokens t, int i) {
        int s = t.start[i];
        int e = t.end[i];
        int n = text.length();
        if (Chars.startsLine(text, s, "") && e < n && text.charAt(e) == ',') {
            return true;
        }
        return s >= 2 && text.charAt(s - 2) == ',' && text.charAt(s - 1) == ' ' && e < n
                && (text.charAt(e) == '!' || text.charAt(e) == '?');
    }

    /** "Matheus, Janet, Nicholas and Kevin": three or more known first names in a comma/and list. */
    private boolean inNameList(PiiTokens t, int i) {
        int count = 1;
        int frequent = frequentFirst(t, i) ? 1 : 0;
        int k = i;
        while (k + 1 < t.size && count < 6 && listSep(t, k)) {
            int next = k + 1 + andSkip(t, k + 1);
            if (!firstName(t, next)) {
                break;
            }
            k = next;
            count++;
            frequent += frequentFirst(t, k) ? 1 : 0;
        }
        k = i;
        while (k - 1 >= 0 && count < 6) {
            int prev = k - 1;
            if (t.equalsIgnoreCase(prev, "and") && prev - 1 >= 0) {
                prev--;
            }
            if (!listSep(t, prev) || !firstName(t, prev)) {
                break;
            }
            k = prev;
            count++;
            frequent += frequentFirst(t, k) ? 1 : 0;
        }
        // "Jones, Mitchell and Williams" is a firm: most listed names must be frequent first names
        return count >= 3 && frequent * 2 >= count;
    }

    private boolean frequentFirst(PiiTokens t, int k) {
        return (t.gaz(g, k) & Gazetteer.FIRST_TOP) != 0 && !common(t, k);
    }

    private static int andSkip(PiiTokens t, int k) {
        return k < t.size && t.equalsIgnoreCase(k, "and") ? 1 : 0;
    }

    private static boolean listSep(PiiTokens t, int k) {
        if (k < 0 || k + 1 >= t.size) {
            return false;
        }
        return t.gapIs(k, ',') || t.spaceOnlyAfter(k) && t.equalsIgnoreCase(k + 1, "and");
    }

    private boolean firstName(PiiTokens t, int k) {
        return k < t.size && t.kind[k] == PiiTokens.WORD && t.cap(k) && (t.gaz(g, k) & Gazetteer.FIRST) != 0
                && !common(t, k);
    }

    private static boolean blocked(PiiTokens t, int k) {
        return (PiiLexicon.word(t, k) & PiiLexicon.NOT_NAME) != 0;
    }

    private static boolean particle(PiiTokens t, int k) {
        return (PiiLexicon.word(t, k) & PiiLexicon.NAME_PARTICLE) != 0;
    }

    private boolean nameFlag(PiiTokens t, int k) {
        return (t.gaz(g, k) & Gazetteer.NAME) != 0;
    }

    private boolean common(PiiTokens t, int k) {
        return (t.gaz(g, k) & Gazetteer.COMMON) != 0;
    }

    private static boolean initial(PiiTokens t, int k) {
        return t.length(k) == 1 && t.cap(k);
    }

    /** Capitalisation says nothing in an all-lower-case text: a known, uncommon name word counts as capitalised. */
    private boolean nameLike(PiiTokens t, int k) {
        return t.length(k) >= 3 && nameFlag(t, k) && !common(t, k);
    }

    static boolean caseless(PiiTokens t) {
        int words = 0;
        for (int i = 0; i < t.size; i++) {
            if (t.kind[i] == PiiTokens.WORD) {
                if (!t.lower(i)) {
                    return false;
                }
                words++;
            }
        }
        return words >= 2;
    }

    /** Names in Han, Kana or Hangul script are out of reach of these word lists. */
    static boolean ideographic(String text, PiiTokens t, int i) {
        if (!t.nonAscii(i)) {
            return false;
        }
        for (int k = t.start[i]; k < t.end[i]; k++) {
            char c = text.charAt(k);
            if (c >= 0x2E80 && (Character.isIdeographic(c) || c >= 0x3040 && c <= 0x30FF || c >= 0xAC00 && c <= 0xD7AF)) {
                return true;
            }
        }
        return false;
    }

    private static boolean mostlyUpper(PiiTokens t) {
        int upper = 0;
        int words = 0;
        for (int i = 0; i < t.size && words < 200; i++) {
            if (t.kind[i] == PiiTokens.WORD && t.length(i) > 1) {
                words++;
                if (t.upper(i)) {
                    upper++;
                }
            }
        }
        return words >= 4 && upper * 2 > words;
    }
}
