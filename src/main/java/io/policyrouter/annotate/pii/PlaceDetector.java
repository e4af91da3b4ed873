package io.policyrouter.annotate.pii;

import io.policyrouter.vocabulary.DataClass;

/**
 * Countries, cities and states from the gazetteers, flagged only where the text ties them to someone: after a
 * residence or travel cue ("I live in", "flew to", "originally from"), in a "City, Country" pair, or next to an
 * address. "What is the capital of France?" mentions a place but carries no personal data. After a strong cue
 * ("grew up in", "I'm in") even a place no gazetteer knows is taken.
 */
final class PlaceDetector {

    private static final int MAX_WORDS = 4;

    private final Gazetteer g;
    private final PiiLexicon lex = PiiLexicon.get();

    PlaceDetector(Gazetteer gazetteer) {
        this.g = gazetteer;
    }

    void detect(String text, PiiTokens t, SpanSet out) {
        int n = t.size;
        int[] found = new int[1];
        boolean caseless = NameDetector.caseless(t);
        int i = 0;
        while (i < n) {
            if (t.kind[i] != PiiTokens.WORD || !(t.cap(i) || caseless) || (PiiLexicon.word(t, i) & PiiLexicon.NOT_PLACE) != 0
                    || out.claimed(t.start[i], t.end[i])) {
                i++;
                continue;
            }
            int last = g.table.longest(t, i, MAX_WORDS, Gazetteer.PLACE, found);
            if (last < 0) {
                int e = unknownPlace(t, i, out);
                if (e >= i) {
                    out.add(DataClass.LOCATION, t.start[i], t.end[e]);
                    i = e + 1;
                } else {
                    i++;
                }
                continue;
            }
            int f = found[0];
            boolean commonWord = last == i && (t.gaz(g, i) & Gazetteer.COMMON) != 0;
            boolean strong = lex.before(t, i, PiiLexicon.PLACE_STRONG);
            boolean cue = strong || lex.before(t, i, PiiLexicon.PLACE) || cueTwoBack(t, i);
            boolean ok;
            if (commonWord) {
                ok = (cue || pairedPlace(t, i, last, f)) && (t.cap(i) || caseless) && !t.sentenceStart(i);
            } else if ((f & (Gazetteer.COUNTRY | Gazetteer.STATE | Gazetteer.CITY_MID)) != 0) {
                ok = cue || pairedPlace(t, i, last, f) || nearLocation(text, t, i, last, out);
            } else {
                // small places share names with people and things: a direct cue, a pair or an address nearby
                ok = cue && t.cap(i) || pairedPlace(t, i, last, f) || nearLocation(text, t, i, last, out);
            }
            if (ok && !out.claimed(t.start[i], t.end[last])) {
                int e = t.end[last];
                // a post code right after ("Uruguay 64677")
                if (last + 1 < n && t.isNum(last + 1) && t.length(last + 1) >= 4 && t.length(last + 1) <= 6
                        && t.spaceOnlyAfter(last) && !out.claimed(t.start[last + 1], t.end[last + 1])) {
                    e = t.end[last + 1];
                    last++;
                }
                out.add(DataClass.LOCATION, t.start[i], e);
                i = last + 1;
            } else {
                i++;
            }
        }
    }

    /** Capitalised words right after a strong residence/travel cue; the last token, or -1. */
    private int unknownPlace(PiiTokens t, int i, SpanSet out) {
        if (!t.cap(i) || !lex.before(t, i, PiiLexicon.PLACE_STRONG)) {
            return -1;
        }
        int last = -1;
        for (int k = i; k < t.size && k - i < 3; k++) {
            if (k > i && !t.spaceOnlyAfter(k - 1)) {
                break;
            }
            boolean particle = k > i && t.lower(k) && t.length(k) <= 3;
            if (t.kind[k] != PiiTokens.WORD || !t.cap(k) && !particle || (PiiLexicon.word(t, k) & PiiLexicon.NOT_PLACE) != 0
                    || (t.gaz(g, k) & Gazetteer.COMMON) != 0 && !t.upper(k) || out.claimed(t.start[k], t.end[k])) {
                break;
            }
            if (!particle) {
                last = k;
            }
        }
        return last;
    }

    /** "I live in beautiful Paris", "serving Southern Netherlands": one word between cue and place. */
    private boolean cueTwoBack(PiiTokens t, int i) {
        if (i < 2 || !t.spaceOnlyAfter(i - 1)) {
            return false;
        }
        int p = i - 1;
        return (t.equalsIgnoreCase(p, "the") || t.equalsIgnoreCase(p, "southern") || t.equalsIgnoreCase(p, "northern")
                || t.equalsIgnoreCase(p, "eastern") || t.equalsIgnoreCase(p, "western") || t.equalsIgnoreCase(p, "central")
                || t.equalsIgnoreCase(p, "rural") || t.equalsIgnoreCase(p, "downtown") || t.equalsIgnoreCase(p, "beautiful")
                || t.equalsIgnoreCase(p, "sunny")) && (lex.before(t, p, PiiLexicon.PLACE) || lex.before(t, p, PiiLexicon.PLACE_STRONG));
    }

    /** "Tallinn, Estonia" / "Austin, Texas": a town, a comma, a country or state (either side). */
    private boolean pairedPlace(PiiTokens t, int i, int last, int f) {
        int[] f2 = new int[1];
        if (last + 1 < t.size && t.gapIs(last, ',') && t.cap(last + 1) && (f & Gazetteer.CITY) != 0
                && (f & Gazetteer.COUNTRY) == 0) {
            int e2 = g.table.longest(t, last + 1, MAX_WORDS, Gazetteer.COUNTRY | Gazetteer.STATE | Gazetteer.STATE_CODE, f2);
            if (e2 > last) {
                return true;
            }
        }
        if (i >= 2 && t.gapIs(i - 1, ',') && t.cap(i - 1) && (f & (Gazetteer.COUNTRY | Gazetteer.STATE)) != 0) {
            int j = i - 1;
            while (j > 0 && i - j < 3 && t.spaceOnlyAfter(j - 1) && t.cap(j - 1)) {
                j--;
            }
            for (int s = j; s < i; s++) {
                int e1 = g.table.longest(t, s, MAX_WORDS, Gazetteer.CITY, f2);
                if (e1 == i - 1 && (f2[0] & Gazetteer.COUNTRY) == 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Within a few characters of an address span already found (on the same or the next line). */
    private static boolean nearLocation(String text, PiiTokens t, int i, int last, SpanSet out) {
        int s = Math.max(0, t.start[i] - 6);
        int e = Math.min(text.length(), t.end[last] + 6);
        return out.overlaps(DataClass.LOCATION, s, t.start[i]) || out.overlaps(DataClass.LOCATION, t.end[last], e);
    }
}
