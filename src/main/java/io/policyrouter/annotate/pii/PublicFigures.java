package io.policyrouter.annotate.pii;

import io.policyrouter.vocabulary.DataClass;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Widely known people and fictional characters ({@code gazetteer/public-figures.txt}). A PERSON span that names one of
 * them ("Isaac Newton", "Steve Jobs", "Sherlock Holmes") is about the public figure, not personal data of someone the
 * caller handles, and is dropped; so is a lone surname of a dropped figure in the same text ("Infantino" after
 * "Gianni Infantino"). Only whole spans match: "Anna Newton" or "Newton" alone stay names. The list holds no common
 * given name on its own ("Muhammad", "Homer"), so a private person with a famous first name is never dropped.
 *
 * <p>Costs nothing on texts without a PERSON span; one small String per PERSON span otherwise. Thread-safe.
 */
final class PublicFigures {

    private final Set<String> names = new HashSet<>(1024);

    private static final class Holder {
        static final PublicFigures INSTANCE = new PublicFigures();
    }

    static PublicFigures shared() {
        return Holder.INSTANCE;
    }

    private PublicFigures() {
        Gazetteer.read("public-figures.txt", line -> names.add(key(line, 0, line.length())));
    }

    boolean contains(CharSequence text, int start, int end) {
        return names.contains(key(text, start, end));
    }

    /** The spans without the public figures' names; the same list when there are none. */
    List<PiiSpan> filter(String text, List<PiiSpan> spans) {
        Set<String> surnames = null;
        for (PiiSpan s : spans) {
            if (s.type() == DataClass.PERSON && contains(text, s.start(), s.end())) {
                if (surnames == null) {
                    surnames = new HashSet<>(4);
                }
                String k = key(text, s.start(), s.end());
                surnames.add(k.substring(k.lastIndexOf(' ') + 1));
            }
        }
        if (surnames == null) {
            return spans;
        }
        List<PiiSpan> kept = new ArrayList<>(spans.size());
        for (PiiSpan s : spans) {
            if (s.type() == DataClass.PERSON) {
                String k = key(text, s.start(), s.end());
                if (names.contains(k) || k.indexOf(' ') < 0 && surnames.contains(k)) {
                    continue;
                }
            }
            kept.add(s);
        }
        return kept;
    }

    /** Folded case and accents, runs of blanks as one space, a trailing possessive dropped: "Van  Gogh’s" → "van gogh". */
    static String key(CharSequence text, int start, int end) {
        StringBuilder b = new StringBuilder(end - start);
        boolean blank = false;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                blank = b.length() > 0;
                continue;
            }
            char f = CaseFold.fold(c);
            if (f == CaseFold.SKIP) {
                continue;
            }
            if (blank) {
                b.append(' ');
                blank = false;
            }
            b.append(f);
        }
        int n = b.length();
        if (n > 2 && b.charAt(n - 2) == '\'' && b.charAt(n - 1) == 's') {
            b.setLength(n - 2);
        }
        return b.toString();
    }
}
