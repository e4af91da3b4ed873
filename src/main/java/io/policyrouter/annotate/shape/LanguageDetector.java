package io.policyrouter.annotate.shape;

import java.util.HashMap;
import java.util.Map;

/**
 * Dominant language from the writing system, refined for Latin script by frequent function words. Cheap and
 * good enough for routing (is this Chinese? is this English?); not a general language identifier. One pass over at
 * most the first {@value #SCAN_LIMIT} characters; only short words are looked up.
 */
public final class LanguageDetector {

    static final int SCAN_LIMIT = 1024;
    private static final String[] LATIN = {"en", "de", "fr", "es", "it", "pt", "nl"};
    private static final Map<String, Integer> FUNCTION_WORDS = new HashMap<>();

    static {
        String[][] words = {
                {"the", "and", "is", "of", "to", "you", "what", "how", "with", "are", "this", "that"},
                {"der", "die", "und", "ist", "nicht", "ich", "mit", "das", "wie", "ein", "eine", "zu"},
                {"le", "la", "les", "et", "est", "des", "une", "pour", "que", "dans", "pas", "vous"},
                {"el", "los", "las", "y", "es", "una", "para", "que", "por", "con", "del", "como"},
                {"il", "gli", "e", "che", "non", "una", "per", "sono", "della", "di", "come", "con"},
                {"o", "os", "e", "que", "não", "uma", "para", "com", "é", "do", "da", "em"},
                {"de", "het", "een", "en", "van", "niet", "ik", "dat", "voor", "is", "op", "je"},
        };
        for (int lang = 0; lang < words.length; lang++) {
            for (String w : words[lang]) {
                FUNCTION_WORDS.merge(w, 1 << lang, (a, b) -> a | b);
            }
        }
    }

    public String detect(String text) {
        if (text == null || text.isBlank()) {
            return "und";
        }
        int n = Math.min(text.length(), SCAN_LIMIT);
        int han = 0, kana = 0, hangul = 0, cyrillic = 0, arabic = 0, latin = 0, devanagari = 0, greek = 0;
        int[] votes = new int[LATIN.length];
        int wordStart = -1;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? text.charAt(i) : ' ';
            boolean letter = Character.isLetter(c);
            if (letter && wordStart < 0) {
                wordStart = i;
            } else if (!letter && wordStart >= 0) {
                if (i - wordStart <= 5) {
                    Integer langs = FUNCTION_WORDS.get(text.substring(wordStart, i).toLowerCase(java.util.Locale.ROOT));
                    for (int l = 0; langs != null && l < votes.length; l++) {
                        if ((langs & (1 << l)) != 0) {
                            votes[l]++;
                        }
                    }
                }
                wordStart = -1;
            }
            if (!letter) {
                continue;
            }
            if (c < 0x80) {
                latin++;
                continue;
            }
            switch (Character.UnicodeScript.of(c)) {
                case HAN -> han++;
                case HIRAGANA, KATAKANA -> kana++;
                case HANGUL -> hangul++;
                case CYRILLIC -> cyrillic++;
                case ARABIC -> arabic++;
                case DEVANAGARI -> devanagari++;
                case GREEK -> greek++;
                case LATIN -> latin++;
                default -> { }
            }
        }
        // A single CJK character weighs like a Latin word: compare characters against letters / 5.
        int max = Math.max(Math.max(han + kana, hangul), Math.max(Math.max(cyrillic, arabic),
                Math.max(devanagari, greek)));
        if (max > latin / 5 && max > 0) {
            if (kana > 0 && han + kana == max) {
                return "ja";
            }
            return han == max ? "zh" : hangul == max ? "ko" : cyrillic == max ? "ru" : arabic == max ? "ar"
                    : devanagari == max ? "hi" : "el";
        }
        if (latin == 0) {
            return "und";
        }
        int best = 0;
        for (int l = 1; l < votes.length; l++) {
            if (votes[l] > votes[best]) {
                best = l;
            }
        }
        return LATIN[best];
    }
}
