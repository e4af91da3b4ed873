package io.policyrouter.annotate.shape;

import java.util.Arrays;

/**
 * Shape signals of a request that only the difficulty score reads, measured in one hand-written pass over the text
 * (no regular expressions, no per-token strings): the answer options of a multiple-choice question (how many, how
 * long and how unequal, numeric, repetitive, "none of the above"), the question stem, and for word problems how much
 * arithmetic the text implies (numbers and distinct numbers, decimals, percentages, money, fractions, multiplicative,
 * comparative and unit words). Generic measurements, never a phrasing of a particular subject or data row.
 *
 * <p>Cost is bounded like {@link TextFeatures}: a text up to {@value TextFeatures#WHOLE_LIMIT} characters is read
 * whole, a longer one only by its head and tail. Values are scaled to about [0, 1]. Thread-safe (stateless).
 */
public final class PromptShape {

    /** Changes whenever a signal's definition changes; models record it and refuse to load against another. */
    public static final String SPEC = "ps1";

    /** Names of the signals, in index order. */
    public static final String[] SIGNALS = {
            "opt_count", "opt_len", "opt_len_cv", "opt_len_spread", "opt_numeric", "opt_short", "opt_repeat",
            "opt_meta", "stem_len", "stem_sentences", "question_len", "stem_numbers", "distinct_numbers", "decimals",
            "percent", "money", "fractions", "max_number", "mult_words", "unit_words", "compare_words",
            "sequence_words", "first_person", "capitalized", "years", "type_token", "word_len", "which_following",
            "pipes", "caps_negation", "stem_questions", "solve_words", "judgement_words", "arith_steps"};

    public static int index(String name) {
        for (int i = 0; i < SIGNALS.length; i++) {
            if (SIGNALS[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    // Word classes (bit flags) looked up by the FNV hash of the lower-cased ASCII word.
    private static final int MULT = 1, UNIT = 2, COMPARE = 4, SEQUENCE = 8, FIRST_PERSON = 16, SOLVE = 32,
            JUDGE = 64, FRACTION = 128, MONEY = 256, PERCENT = 512, META = 1024, WHICH = 2048, FOLLOWING = 4096;

    private static final int TABLE_BITS = 9;
    private static final int[] KEYS = new int[1 << TABLE_BITS];
    private static final int[] FLAGS = new int[1 << TABLE_BITS];

    static {
        add(MULT, "times", "twice", "double", "doubles", "doubled", "triple", "tripled", "thrice", "each", "every",
                "per", "dozen", "dozens", "pair", "pairs", "multiply", "multiplied", "divided", "split", "shared",
                "equally", "rate", "ratio");
        add(FRACTION, "half", "halves", "third", "thirds", "quarter", "quarters", "fifth", "fraction");
        add(UNIT, "hour", "hours", "minute", "minutes", "second", "seconds", "day", "days", "week", "weeks", "month",
                "months", "year", "years", "mile", "miles", "km", "kilometers", "meter", "meters", "feet", "foot",
                "inch", "inches", "yard", "yards", "pound", "pounds", "kg", "kilograms", "gram", "grams", "ounce",
                "ounces", "liter", "liters", "gallon", "gallons", "cup", "cups", "mph", "cm", "mm", "ml", "acre",
                "acres");
        add(MONEY, "dollar", "dollars", "cent", "cents", "price", "cost", "costs", "paid", "pay", "pays", "earn",
                "earns", "earned", "sell", "sells", "sold", "buy", "buys", "bought", "profit", "discount", "salary",
                "tax", "budget", "spend", "spends", "spent", "save", "saves", "saved", "charge", "charges");
        add(PERCENT, "percent", "percentage");
        add(COMPARE, "more", "less", "fewer", "than", "remaining", "remain", "left", "rest", "total", "altogether",
                "average", "difference", "increase", "increased", "decrease", "decreased", "longer", "shorter",
                "older", "younger", "larger", "smaller", "combined", "overall", "extra", "additional");
        add(SEQUENCE, "after", "before", "then", "first", "next", "later", "finally", "until", "while", "initially",
                "afterwards", "instead", "if", "otherwise");
        add(FIRST_PERSON, "i", "me", "my", "mine", "myself");
        add(SOLVE, "calculate", "compute", "find", "solve", "determine", "evaluate", "simplify", "estimate",
                "approximately", "many", "much");
        add(JUDGE, "best", "most", "least", "likely", "primarily", "appropriate", "probably", "strongest",
                "weakest", "correct", "accurate", "true", "false", "valid", "explains", "describes");
        add(META, "all", "none", "both", "neither");
        add(WHICH, "which");
        add(FOLLOWING, "following");
    }

    private static void add(int flag, String... words) {
        for (String w : words) {
            int h = hash(w);
            int slot = h & (KEYS.length - 1);
            while (KEYS[slot] != 0 && KEYS[slot] != h) {
                slot = (slot + 1) & (KEYS.length - 1);
            }
            KEYS[slot] = h;
            FLAGS[slot] |= flag;
        }
    }

    private static int hash(String w) {
        int h = 0x811C9DC5;
        for (int i = 0; i < w.length(); i++) {
            h = (h ^ w.charAt(i)) * 0x01000193;
        }
        return h == 0 ? 1 : h;
    }

    private static int flags(int h) {
        int slot = h & (KEYS.length - 1);
        while (true) {
            int k = KEYS[slot];
            if (k == h) {
                return FLAGS[slot];
            }
            if (k == 0) {
                return 0;
            }
            slot = (slot + 1) & (KEYS.length - 1);
        }
    }

    private static final int H_NOT = hash("not"), H_EXCEPT = hash("except"), H_LEAST = hash("least"),
            H_OF = hash("of"), H_THE = hash("the");
    private static final int MAX_OPTIONS = 8;
    private static final int DISTINCT_SLOTS = 64;
    private static final int WORD_SLOTS = 1024;

    private PromptShape() {
    }

    /** The signals of {@code text} (a new array of {@link #SIGNALS}.length values). */
    public static float[] of(String text) {
        float[] out = new float[SIGNALS.length];
        if (text == null || text.isEmpty()) {
            return out;
        }
        Scan s = new Scan();
        int n = text.length();
        if (n <= TextFeatures.WHOLE_LIMIT) {
            s.run(text, 0, n);
        } else {
            s.run(text, 0, TextFeatures.HEAD_CHARS);
            s.run(text, n - TextFeatures.TAIL_CHARS, n);
        }
        s.finish(out);
        return out;
    }

    /** One pass in progress; not shared. */
    private static final class Scan {
        // options
        int options;
        final int[] optChars = new int[MAX_OPTIONS];
        final int[] optWords = new int[MAX_OPTIONS];
        final int[] optDigits = new int[MAX_OPTIONS];
        int optTotalWords, optMeta;
        final int[] optWordSet = new int[WORD_SLOTS];
        int optDistinctWords;
        boolean inOption, optionFirstWord;
        // stem (text before the first option line)
        int stemChars, stemSentences, stemQuestions, lastSentenceChars, sentenceChars;
        int numbers, decimals, percent, money, fractions, years;
        double maxNumber;
        final int[] numberSet = new int[DISTINCT_SLOTS];
        int distinctNumbers;
        int mult, units, compare, sequence, firstPerson, solve, judge, pipes, capsNegation;
        int words, letters, capitalized, distinctWords;
        final int[] wordSet = new int[WORD_SLOTS];
        boolean whichFollowing;
        int prevFlags;
        char prevVisible = '.';

        void run(String t, int from, int to) {
            boolean lineStart = true;
            int i = from;
            while (i < to) {
                char c = t.charAt(i);
                if (c == '\n') {
                    endLine();
                    lineStart = true;
                    i++;
                    continue;
                }
                if (lineStart) {
                    if (c == ' ' || c == '\t') {
                        i++;
                        continue;
                    }
                    lineStart = false;
                    int skip = optionMarker(t, i, to);
                    if (skip > 0) {
                        startOption();
                        i += skip;
                        continue;
                    }
                }
                if (isAsciiLetter(c)) {
                    int j = i, h = 0x811C9DC5;
                    boolean allCaps = true;
                    while (j < to && isAsciiLetter(t.charAt(j))) {
                        char d = t.charAt(j);
                        allCaps &= d <= 'Z';
                        h = (h ^ (d | 0x20)) * 0x01000193;
                        j++;
                    }
                    word(h == 0 ? 1 : h, j - i, c <= 'Z', allCaps && j - i > 2);
                    count(j - i);
                    i = j;
                    continue;
                }
                if (c >= '0' && c <= '9') {
                    int j = i;
                    double v = 0;
                    boolean decimal = false;
                    int h = 0x811C9DC5;
                    while (j < to) {
                        char d = t.charAt(j);
                        if (d >= '0' && d <= '9') {
                            v = v * 10 + (d - '0');
                            h = (h ^ d) * 0x01000193;
                            j++;
                        } else if ((d == ',' || d == '.') && j + 1 < to && t.charAt(j + 1) >= '0'
                                && t.charAt(j + 1) <= '9') {
                            if (d == '.') {
                                decimal = true;
                            }
                            h = (h ^ d) * 0x01000193;
                            j++;
                        } else {
                            break;
                        }
                    }
                    if (j < to && t.charAt(j) == '/' && j + 1 < to && t.charAt(j + 1) >= '0'
                            && t.charAt(j + 1) <= '9') {
                        fractions++;
                    }
                    number(h == 0 ? 1 : h, v, decimal, j - i);
                    count(j - i);
                    i = j;
                    continue;
                }
                symbol(c);
                count(1);
                i++;
            }
            endLine();
        }

        private static boolean isAsciiLetter(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        /** Length of an answer-option marker at a line start ("A.", "b)", "(C)"), or 0. */
        private static int optionMarker(String t, int i, int to) {
            char c = t.charAt(i);
            char next = i + 1 < to ? t.charAt(i + 1) : 0;
            if (((c >= 'A' && c <= 'H') || (c >= 'a' && c <= 'h')) && (next == '.' || next == ')')
                    && (i + 2 >= to || t.charAt(i + 2) == ' ' || t.charAt(i + 2) == '\t')) {
                return 2;
            }
            if (c == '(' && i + 2 < to && t.charAt(i + 2) == ')') {
                char o = t.charAt(i + 1);
                if ((o >= 'A' && o <= 'H') || (o >= 'a' && o <= 'h')) {
                    return 3;
                }
            }
            return 0;
        }

        private void startOption() {
            endOption();
            if (options < MAX_OPTIONS) {
                inOption = true;
                optionFirstWord = true;
            }
            options++;
        }

        private void endOption() {
            inOption = false;
        }

        private void endLine() {
            endOption();
        }

        private void count(int chars) {
            if (inOption) {
                optChars[options - 1] += chars;
            } else if (options == 0) {
                stemChars += chars;
                sentenceChars += chars;
            }
        }

        private void word(int h, int len, boolean capital, boolean allCaps) {
            if (inOption) {
                int o = options - 1;
                optWords[o]++;
                optTotalWords++;
                if (insert(optWordSet, h)) {
                    optDistinctWords++;
                }
                if (optionFirstWord && (flags(h) & META) != 0) {
                    optMeta++;
                }
                optionFirstWord = false;
                return;
            }
            if (options > 0) {
                return; // text after the options ("Answer:")
            }
            words++;
            letters += len;
            if (insert(wordSet, h)) {
                distinctWords++;
            }
            if (capital && prevVisible != '.' && prevVisible != '?' && prevVisible != '!' && prevVisible != '\n') {
                capitalized++;
            }
            if (allCaps && (h == H_NOT || h == H_EXCEPT || h == H_LEAST)) {
                capsNegation++;
            }
            int f = flags(h);
            if ((f & MULT) != 0) {
                mult++;
            }
            if ((f & FRACTION) != 0) {
                fractions++;
            }
            if ((f & UNIT) != 0) {
                units++;
            }
            if ((f & MONEY) != 0) {
                money++;
            }
            if ((f & PERCENT) != 0) {
                percent++;
            }
            if ((f & COMPARE) != 0) {
                compare++;
            }
            if ((f & SEQUENCE) != 0) {
                sequence++;
            }
            if ((f & FIRST_PERSON) != 0) {
                firstPerson++;
            }
            if ((f & SOLVE) != 0) {
                solve++;
            }
            if ((f & JUDGE) != 0) {
                judge++;
            }
            if ((f & FOLLOWING) != 0 && (prevFlags & (WHICH | 0x8000)) != 0) {
                whichFollowing = true;
            }
            // "which of the following": remember "which" across "of the"
            if ((f & WHICH) != 0) {
                prevFlags = WHICH;
            } else if (prevFlags != 0 && (h == H_OF || h == H_THE)) {
                prevFlags = 0x8000 | prevFlags;
            } else {
                prevFlags = 0;
            }
            prevVisible = 'a';
        }

        private void number(int h, double v, boolean decimal, int len) {
            if (inOption) {
                int o = options - 1;
                optDigits[o] += len;
                optWords[o]++;
                optTotalWords++;
                if (insert(optWordSet, h)) {
                    optDistinctWords++;
                }
                optionFirstWord = false;
                return;
            }
            if (options > 0) {
                return;
            }
            numbers++;
            if (insert(numberSet, h)) {
                distinctNumbers++;
            }
            if (decimal) {
                decimals++;
            }
            if (!decimal && len == 4 && v >= 1000 && v <= 2099) {
                years++;
            }
            maxNumber = Math.max(maxNumber, v);
            prevVisible = '0';
        }

        private void symbol(char c) {
            if (inOption || options > 0) {
                return;
            }
            switch (c) {
                case '.', '!', '?' -> {
                    if (prevVisible == 'a' || prevVisible == '0') {
                        stemSentences++;
                        if (c == '?') {
                            stemQuestions++;
                        }
                        lastSentenceChars = sentenceChars;
                        sentenceChars = 0;
                    }
                    prevVisible = '.';
                }
                case '%' -> percent++;
                case '$', '€', '£' -> money++;
                case '|' -> pipes++;
                case ' ', '\t', '\r' -> { }
                default -> prevVisible = c;
            }
        }

        /**
         * Adds h to a small open-addressing set whose slot 0 holds the fill count; true when new. A set half full
         * stops taking entries (bounded probing on long texts).
         */
        private static boolean insert(int[] set, int h) {
            int mask = set.length - 1;
            if (set[0] >= set.length / 2) {
                return false;
            }
            int slot = ((h ^ (h >>> 16)) & mask) | 1; // odd start: slot 0 is the counter
            while (true) {
                int k = set[slot];
                if (k == h) {
                    return false;
                }
                if (k == 0) {
                    set[slot] = h;
                    set[0]++;
                    return true;
                }
                slot = (slot + 1) & mask;
                if (slot == 0) {
                    slot = 1;
                }
            }
        }

        void finish(float[] out) {
            int k = Math.min(options, MAX_OPTIONS);
            if (k < 2) {
                k = 0; // one "A." line is a list item, not a set of options
            }
            out[0] = clamp(k / 5.0);
            if (k > 0) {
                double sum = 0, sq = 0, min = Double.MAX_VALUE, max = 0;
                int numeric = 0, shortOnes = 0;
                for (int o = 0; o < k; o++) {
                    double len = optChars[o];
                    sum += len;
                    sq += len * len;
                    min = Math.min(min, len);
                    max = Math.max(max, len);
                    if (optDigits[o] * 2 >= Math.max(1, optChars[o])) {
                        numeric++;
                    }
                    if (optWords[o] <= 2) {
                        shortOnes++;
                    }
                }
                double mean = sum / k;
                double sd = Math.sqrt(Math.max(0, sq / k - mean * mean));
                out[1] = clamp(Math.log1p(mean) / Math.log1p(300));
                out[2] = clamp(mean == 0 ? 0 : sd / mean / 1.5);
                out[3] = clamp(Math.log((max + 1) / (min + 1)) / Math.log(20));
                out[4] = (float) numeric / k;
                out[5] = (float) shortOnes / k;
                out[6] = optTotalWords == 0 ? 0f : clamp(1.0 - (double) optDistinctWords / optTotalWords);
                out[7] = optMeta > 0 ? 1f : 0f;
            }
            out[8] = clamp(Math.log1p(stemChars) / Math.log1p(4000));
            out[9] = clamp(Math.log1p(stemSentences) / Math.log1p(40));
            int question = sentenceChars > 0 ? sentenceChars : lastSentenceChars;
            out[10] = clamp(Math.log1p(question) / Math.log1p(1000));
            out[11] = clamp(Math.log1p(numbers) / Math.log1p(30));
            out[12] = clamp(Math.log1p(distinctNumbers) / Math.log1p(30));
            out[13] = clamp(decimals / 3.0);
            out[14] = clamp(percent / 3.0);
            out[15] = clamp(money / 4.0);
            out[16] = clamp(fractions / 3.0);
            out[17] = clamp(Math.log10(1 + maxNumber) / 7);
            out[18] = clamp(mult / 5.0);
            out[19] = clamp(units / 6.0);
            out[20] = clamp(compare / 6.0);
            out[21] = clamp(sequence / 6.0);
            double w = Math.max(1, words);
            out[22] = clamp(firstPerson * 10.0 / w);
            out[23] = clamp(capitalized * 5.0 / w);
            out[24] = clamp(years / 3.0);
            out[25] = words == 0 ? 0f : clamp((double) distinctWords / words);
            out[26] = clamp(letters / w / 10.0);
            out[27] = whichFollowing ? 1f : 0f;
            out[28] = clamp(pipes / 4.0);
            out[29] = capsNegation > 0 ? 1f : 0f;
            out[30] = clamp(stemQuestions / 3.0);
            out[31] = clamp(solve / 4.0);
            out[32] = clamp(judge / 4.0);
            // Operations a word problem implies: each distinct quantity and each multiplicative or comparative cue.
            out[33] = clamp(Math.log1p(distinctNumbers + mult + compare + fractions + percent) / Math.log1p(40));
        }

        private static float clamp(double v) {
            return (float) Math.max(0.0, Math.min(1.0, v));
        }
    }

    static {
        if (SIGNALS.length != 34) {
            throw new AssertionError(Arrays.toString(SIGNALS));
        }
    }
}
