package io.policyrouter.annotate.pii;

import io.policyrouter.vocabulary.DataClass;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Widely known people and fictional characters ({@code gazetteer/public-figures.txt}). A PERSON span that names one of
 * them ("Isaac Newton", "Steve Jobs", "Sherlock Holmes") is about the public figure, not personal data of someone the
 * caller handles, and is dropped; so is a lone word of a figure's name when the text names the figure in full
 * ("Infantino" after "Gianni Infantino", "Elon" beside "Elon Musk", whether or not the full name was itself a span):
 * the text has said whom it means. Only whole spans match:
 * "Anna Newton" or "Newton" alone stay names. The list holds no common given name on its own ("Muhammad", "Homer"),
 * so a private person with a famous first name is never dropped unless the figure is named in full beside it.
 *
 * <p>Costs nothing on texts without a PERSON span; one small String per PERSON span otherwise, and one folded copy
 * of the text when a lone word is part of a figure's name. Thread-safe.
 */
final class PublicFigures {

    private final Set<String> names = new HashSet<>(1024);
    /** Each word of a figure's name of two or more words → those names ("elon" → ["elon musk"]). */
    private final Map<String, List<String>> byWord = new HashMap<>(2048);

    private static final class Holder {
        static final PublicFigures INSTANCE = new PublicFigures();
    }

    static PublicFigures shared() {
        return Holder.INSTANCE;
    }

    private PublicFigures() {
        Gazetteer.read("public-figures.txt", line -> names.add(key(line, 0, line.length())));
        for (String name : names) {
            if (name.indexOf(' ') > 0) {
                for (String word : name.split(" ")) {
                    byWord.computeIfAbsent(word, w -> new ArrayList<>(1)).add(name);
                }
            }
        }
    }

    boolean contains(CharSequence text, int start, int end) {
        return names.contains(key(text, start, end));
    }

    /** The spans without the public figures' names; the same list when there are none. */
    List<PiiSpan> filter(String text, List<PiiSpan> spans) {
        List<PiiSpan> kept = null;
        String folded = null;
        for (int i = 0; i < spans.size(); i++) {
            PiiSpan s = spans.get(i);
            boolean figure = false;
            if (s.type() == DataClass.PERSON) {
                String k = key(text, s.start(), s.end());
                figure = names.contains(k);
                List<String> full = figure || k.indexOf(' ') >= 0 ? null : byWord.get(k);
                if (full != null) {
                    folded = folded != null ? folded : key(text, 0, text.length());
                    for (int f = 0; f < full.size() && !figure; f++) {
                        figure = containsWords(folded, full.get(f));
                    }
                }
            }
            if (figure && kept == null) {
                kept = new ArrayList<>(spans.subList(0, i));
            } else if (!figure && kept != null) {
                kept.add(s);
            }
        }
        return kept == null ? spans : kept;
    }

    /** {@code words} in {@code text} between non-letters ("elon musk" in "did elon musk found it?"). */
    private static boolean containsWords(String text, String words) {
        for (int at = text.indexOf(words); at >= 0; at = text.indexOf(words, at + 1)) {
            int end = at + words.length();
            if ((at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1)))
                    && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
                return true;
            }
        }
        return false;
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
