package io.policyrouter.annotate;

/**
 * Dominant language from the writing system, refined for Latin script by frequent function words. Cheap and
 * good enough for routing (is this Chinese? is this English?); not a general language identifier.
 * Reads at most the first {@value #SCAN_LIMIT} characters.
 */
public final class LanguageDetector {

    static final int SCAN_LIMIT = 4096;

    private static final String[][] FUNCTION_WORDS = {
            {"en", " the ", " and ", " is ", " of ", " to ", " you ", " what ", " how ", " with "},
            {"de", " der ", " die ", " und ", " ist ", " nicht ", " ich ", " mit ", " das ", " wie "},
            {"fr", " le ", " la ", " les ", " et ", " est ", " des ", " une ", " pour ", " que "},
            {"es", " el ", " los ", " las ", " y ", " es ", " una ", " para ", " que ", " por "},
            {"it", " il ", " gli ", " e ", " che ", " non ", " una ", " per ", " sono ", " della "},
            {"pt", " o ", " os ", " e ", " que ", " não ", " uma ", " para ", " com ", " é "},
            {"nl", " de ", " het ", " een ", " en ", " van ", " niet ", " ik ", " dat ", " voor "},
    };

    public String detect(String text) {
        if (text == null || text.isBlank()) {
            return "und";
        }
        int n = Math.min(text.length(), SCAN_LIMIT);
        int han = 0, kana = 0, hangul = 0, cyrillic = 0, arabic = 0, latin = 0, devanagari = 0, greek = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (Character.isLetter(c)) {
                    latin++;
                }
                continue;
            }
            Character.UnicodeScript script = Character.UnicodeScript.of(c);
            switch (script) {
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
        int latinWords = latin / 5;
        int max = Math.max(Math.max(han + kana, hangul), Math.max(Math.max(cyrillic, arabic),
                Math.max(devanagari, greek)));
        if (max > latinWords && max > 0) {
            if (kana > 0 && han + kana == max) {
                return "ja";
            }
            if (han == max) {
                return "zh";
            }
            if (hangul == max) {
                return "ko";
            }
            if (cyrillic == max) {
                return "ru";
            }
            if (arabic == max) {
                return "ar";
            }
            if (devanagari == max) {
                return "hi";
            }
            return "el";
        }
        return latin == 0 ? "und" : latinLanguage(text, n);
    }

    private static String latinLanguage(String text, int n) {
        String sample = " " + text.substring(0, n).toLowerCase(java.util.Locale.ROOT)
                .replace('\n', ' ').replace(',', ' ').replace('.', ' ').replace('?', ' ') + " ";
        String best = "en";
        int bestHits = 0;
        for (String[] lang : FUNCTION_WORDS) {
            int hits = 0;
            for (int i = 1; i < lang.length; i++) {
                hits += occurrences(sample, lang[i]);
            }
            if (hits > bestHits) {
                bestHits = hits;
                best = lang[0];
            }
        }
        return best;
    }

    private static int occurrences(String text, String word) {
        int count = 0;
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length() - 1)) {
            count++;
        }
        return count;
    }
}
