package io.policyrouter.annotate.shape;


/**
 * Dominant language from the writing system, refined for Latin script by frequent function words. Cheap and
 * good enough for routing (is this Chinese? is this English?); not a general language identifier. One pass over at
 * most the first {@value #SCAN_LIMIT} characters; only short words are looked up.
 */
public final class LanguageDetector {

    static final int SCAN_LIMIT = 1024;
    private static final String[] LATIN = {"en", "de", "fr", "es", "it", "pt", "nl"};
    /** Function words of up to five Latin-1 letters, packed 8 bits a letter; open addressing, 0 = empty. */
    private static final int SLOTS = 512;
    private static final long[] KEYS = new long[SLOTS];
    private static final int[] LANGS = new int[SLOTS];

    static {
        String[][] words = {
                {"the", "and", "is", "of", "to", "you", "what", "how", "with", "are", "this", "that", "at", "or",
                        "he", "she", "it", "in", "on", "for", "a", "an", "be", "my", "me", "i", "we", "can", "will",
                        "from", "his", "her", "was", "have", "has", "your", "our", "they", "there", "which", "who",
                        "why", "when", "would", "could", "about", "lives", "me", "please", "if", "not", "do", "does"},
                {"der", "die", "und", "ist", "nicht", "ich", "mit", "das", "wie", "ein", "eine", "zu", "auf", "sie",
                        "wir", "für", "ist", "dem", "den", "auch"},
                {"le", "la", "les", "et", "est", "des", "une", "pour", "que", "dans", "pas", "vous", "je", "nous",
                        "sur", "avec", "qui", "du", "au"},
                {"el", "los", "las", "y", "es", "una", "para", "que", "por", "con", "del", "como", "yo", "pero",
                        "muy", "qué", "cómo"},
                {"il", "gli", "e", "che", "non", "una", "per", "sono", "della", "di", "come", "con", "io", "mi",
                        "del"},
                {"o", "os", "e", "que", "não", "uma", "para", "com", "é", "do", "da", "em", "eu", "você", "mas"},
                {"de", "het", "een", "en", "van", "niet", "ik", "dat", "voor", "is", "op", "je", "wij", "zijn"},
        };
        for (int lang = 0; lang < words.length; lang++) {
            for (String w : words[lang]) {
                long key = 0;
                for (int i = 0; i < w.length(); i++) {
                    key = key << 8 | w.charAt(i);
                }
                int slot = slot(key);
                while (KEYS[slot] != 0 && KEYS[slot] != key) {
                    slot = (slot + 1) & (SLOTS - 1);
                }
                KEYS[slot] = key;
                LANGS[slot] |= 1 << lang;
            }
        }
    }

    private static int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 55) & (SLOTS - 1);
    }

    private static int langs(long key) {
        int slot = slot(key);
        while (KEYS[slot] != 0) {
            if (KEYS[slot] == key) {
                return LANGS[slot];
            }
            slot = (slot + 1) & (SLOTS - 1);
        }
        return 0;
    }

    public String detect(String text) {
        if (text == null || text.isBlank()) {
            return "und";
        }
        int n = Math.min(text.length(), SCAN_LIMIT);
        int han = 0, kana = 0, hangul = 0, cyrillic = 0, arabic = 0, latin = 0, devanagari = 0, greek = 0;
        int[] votes = new int[LATIN.length];
        int wordStart = -1;
        long key = 0;
        boolean packable = true;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? text.charAt(i) : ' ';
            boolean letter = c < 0x80 ? (c | 0x20) >= 'a' && (c | 0x20) <= 'z' : Character.isLetter(c);
            if (letter) {
                if (wordStart < 0) {
                    wordStart = i;
                    key = 0;
                    packable = true;
                }
                char lc = c < 0x80 ? (char) (c | 0x20) : Character.toLowerCase(c);
                if (lc > 0xFF || i - wordStart >= 5) {
                    packable = false;
                } else {
                    key = key << 8 | lc;
                }
            } else if (wordStart >= 0) {
                // Words inside an address, a domain or a file name ("acme.com", "a@b") say nothing of the language.
                char before = wordStart > 0 ? text.charAt(wordStart - 1) : ' ';
                boolean embedded = before == '.' || before == '@' || c == '@' || c == '.' && i + 1 < n
                        && Character.isLetter(text.charAt(i + 1));
                if (packable && !embedded) {
                    int langs = langs(key);
                    for (int l = 0; langs != 0 && l < votes.length; l++) {
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
