package io.policyrouter.annotate.shape;

import io.policyrouter.vocabulary.TaskType;
import java.util.Arrays;

/**
 * The features both learned annotators read, extracted once per request in one pass over the text.
 *
 * <p>Two parts:
 * <ul>
 *   <li><b>hashed n-grams</b> — lower-cased word unigrams and bigrams, 5-character word prefixes (a cheap stem),
 *       the first {@value #LEAD_WORDS} words tagged as "lead", the first word, CJK character unigrams and bigrams
 *       (Chinese has no spaces), lead CJK bigrams, and symbol unigrams and adjacent-symbol bigrams (code and
 *       formulas). Digit runs collapse to one number token. Each occurrence is one 32-bit id; a model folds ids into
 *       its own table size. All occurrences carry the same value 1/sqrt(count), so a long text does not outweigh a
 *       short one.</li>
 *   <li><b>named signals</b> ({@link #SIGNALS}) — cheap hand-made measurements scaled to [0, 1]: size, script,
 *       question shape, digit/operator/code-symbol density, fences, indentation, answer options, an attached
 *       passage, and for every {@link Cues} family its strength anywhere and whether it occurs in the lead (the first
 *       {@value #LEAD_CHARS} characters, where instructions usually are).</li>
 * </ul>
 *
 * <p>Cost is bounded: a text of at most {@value #WHOLE_LIMIT} characters is read whole; a longer one only by its
 * first {@value #HEAD_CHARS} and last {@value #TAIL_CHARS} characters (instructions sit at either end of an attached
 * document), so extraction is linear and capped at 8 K characters whatever the input. No regular expressions, no
 * per-token strings. Instances are immutable and safe to share between threads.
 */
public final class TextFeatures {

    /** Changes whenever extraction changes; models record it and refuse to load against another spec. */
    public static final String SPEC = "tf2";

    public static final int WHOLE_LIMIT = 8192;
    public static final int HEAD_CHARS = 6144;
    public static final int TAIL_CHARS = 2048;
    static final int LEAD_WORDS = 8;
    static final int LEAD_CJK = 12;
    static final int LEAD_CHARS = 64;

    private static final String[] BASE_SIGNALS = {
            "length", "words", "lines", "cjk", "question_marks", "ends_with_question", "starts_wh_fact",
            "starts_why_how", "starts_aux", "digits", "numbers", "math_ops", "latex", "code_symbols", "fence",
            "indented_lines", "options", "list_lines", "passage", "quotes", "long_words", "first_line_share",
            "grounded_question", "option_length", "option_numeric", "sentences"};

    /** Names of the dense signals, in index order: the base signals, then cue_&lt;family&gt;, then lead_&lt;family&gt;. */
    public static final String[] SIGNALS;

    private static final int CUE_OFFSET = BASE_SIGNALS.length;
    private static final int LEAD_OFFSET = CUE_OFFSET + Cues.FAMILIES.length;

    static {
        String[] names = Arrays.copyOf(BASE_SIGNALS, LEAD_OFFSET + Cues.FAMILIES.length);
        for (int f = 0; f < Cues.FAMILIES.length; f++) {
            names[CUE_OFFSET + f] = "cue_" + Cues.FAMILIES[f];
            names[LEAD_OFFSET + f] = "lead_" + Cues.FAMILIES[f];
        }
        SIGNALS = names;
    }

    /**
     * Kinds of hashed n-gram, as bit positions of a model's kind mask ({@link #hashedKind(int)}): a model may read
     * only some kinds, e.g. the opening words and not the topic words of the body.
     */
    public static final int K_WORD = 0, K_BIGRAM = 1, K_PREFIX = 2, K_LEAD = 3, K_FIRST = 4, K_CJK1 = 5, K_CJK2 = 6,
            K_CJK_LEAD = 7, K_SYM = 8, K_SYM2 = 9, K_LEAD2 = 10, K_TAIL = 11;
    /** Names of the kinds, in bit order (model metadata lists them by name). */
    public static final String[] KINDS = {"word", "bigram", "prefix", "lead", "first", "cjk1", "cjk2", "cjk_lead",
            "sym", "sym2", "lead2", "tail"};
    /** Every kind. */
    public static final int ALL_KINDS = (1 << KINDS.length) - 1;
    /** Words at the end of the text tagged as "tail" (an instruction after an attached passage). */
    static final int TAIL_WORDS = 6;

    // Hash namespaces of the n-gram kinds.
    private static final int NS_WORD = 0x1001, NS_BIGRAM = 0x1002, NS_PREFIX = 0x1003, NS_LEAD = 0x1004,
            NS_FIRST = 0x1005, NS_CJK1 = 0x2001, NS_CJK2 = 0x2002, NS_CJK_LEAD = 0x2003, NS_SYM = 0x3001,
            NS_SYM2 = 0x3002, NS_LEAD2 = 0x1006, NS_TAIL = 0x1007;

    static final int FNV_BASIS = 0x811C9DC5;
    static final int PHRASE_SEED = 0x2545F491;
    private static final int NUMBER_TOKEN = fnv(FNV_BASIS, '0');

    private static final TextFeatures EMPTY = new TextFeatures(new int[0], new byte[0], 0, 0f,
            new float[SIGNALS.length], 0, false, null);

    private final int[] ids;
    private final byte[] kinds;
    private final int count;
    private final float value;
    private final float[] signals;
    private final int length;
    private final boolean hasContent;
    private final TaskType leadIntent;

    private TextFeatures(int[] ids, byte[] kinds, int count, float value, float[] signals, int length,
                         boolean hasContent, TaskType leadIntent) {
        this.ids = ids;
        this.kinds = kinds;
        this.count = count;
        this.value = value;
        this.signals = signals;
        this.length = length;
        this.hasContent = hasContent;
        this.leadIntent = leadIntent;
    }

    public static TextFeatures of(String text) {
        if (text == null || text.isEmpty()) {
            return EMPTY;
        }
        int n = text.length();
        Scan scan = new Scan(Math.min(n, WHOLE_LIMIT));
        if (n <= WHOLE_LIMIT) {
            scan.run(text, 0, n);
        } else {
            scan.run(text, 0, HEAD_CHARS);
            scan.boundary();
            scan.run(text, n - TAIL_CHARS, n);
        }
        return scan.finish(n, LeadIntent.of(text));
    }

    /** The task the prompt's opening imperative names ("Translate ...", "Summarize ..."), or null. */
    public TaskType leadIntent() {
        return leadIntent;
    }

    /** Number of hashed n-gram occurrences. */
    public int hashedCount() {
        return count;
    }

    /** The i-th hashed n-gram id (a well-mixed 32-bit hash; models take its low bits). */
    public int hashedId(int i) {
        return ids[i];
    }

    /** Kind of the i-th hashed n-gram ({@link #K_WORD} ...). */
    public int hashedKind(int i) {
        return kinds[i];
    }

    /** Number of hashed n-gram occurrences whose kind is in {@code mask} (bit per kind). */
    public int hashedCount(int mask) {
        if (mask == ALL_KINDS) {
            return count;
        }
        int c = 0;
        for (int i = 0; i < count; i++) {
            c += (mask >>> kinds[i]) & 1;
        }
        return c;
    }

    /** Kind mask of a comma-separated list of kind names ("lead,first"); null or empty = every kind. */
    public static int kindMask(String names) {
        if (names == null || names.isBlank()) {
            return ALL_KINDS;
        }
        int mask = 0;
        for (String n : names.split(",")) {
            int k = java.util.Arrays.asList(KINDS).indexOf(n.trim());
            if (k < 0) {
                throw new IllegalArgumentException("unknown n-gram kind " + n);
            }
            mask |= 1 << k;
        }
        return mask;
    }

    /** The value every hashed occurrence carries (1/sqrt(count)). */
    public float hashedValue() {
        return value;
    }

    public float signal(int index) {
        return signals[index];
    }

    /** Index of a named signal, or -1. */
    public static int signalIndex(String name) {
        for (int i = 0; i < SIGNALS.length; i++) {
            if (SIGNALS[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Length of the whole original text in chars (not only the scanned window). */
    public int length() {
        return length;
    }

    /** False when the text holds no word, number or CJK character (empty, whitespace, punctuation only). */
    public boolean hasContent() {
        return hasContent;
    }

    // ---- hashing helpers shared with Cues ----

    static int fnv(int h, char c) {
        return (h ^ c) * 0x01000193;
    }

    static int charHash(char c) {
        return fnv(FNV_BASIS, c);
    }

    static int phraseStep(int h, int token) {
        return (h ^ token) * 0x01000193 + 0x7F4A7C15;
    }

    /** Murmur3 finalizer: spreads every input bit over the low bits models use. */
    public static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }

    static int id(int ns, int a) {
        return fmix(a * 0x9E3779B1 + ns);
    }

    static int id(int ns, int a, int b) {
        return fmix((a * 0x9E3779B1 + b) * 0x85EBCA77 + ns);
    }

    static boolean isCjk(char c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF)
                || (c >= 0x3040 && c <= 0x30FF) || (c >= 0xAC00 && c <= 0xD7AF);
    }

    private static final boolean[] ASCII_WORD = new boolean[0x80];

    static {
        for (char c = 0; c < 0x80; c++) {
            ASCII_WORD[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
    }

    static boolean isWordChar(char c) {
        return c < 0x80 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                : Character.isLetterOrDigit(c) && !isCjk(c);
    }

    /** One extraction in progress; not shared. */
    private static final class Scan {
        private static final int W_WHAT = fnvWord("what"), W_WHO = fnvWord("who"), W_WHEN = fnvWord("when"),
                W_WHERE = fnvWord("where"), W_WHICH = fnvWord("which"), W_WHOSE = fnvWord("whose"),
                W_WHY = fnvWord("why"), W_HOW = fnvWord("how");
        private static final int[] AUX = {fnvWord("is"), fnvWord("are"), fnvWord("was"), fnvWord("were"),
                fnvWord("do"), fnvWord("does"), fnvWord("did"), fnvWord("can"), fnvWord("could"),
                fnvWord("should"), fnvWord("would"), fnvWord("will"), fnvWord("has"), fnvWord("have")};

        int[] ids;
        byte[] kinds;
        int count;
        final int[] tail = new int[TAIL_WORDS];
        int tailSeen;
        final int[] cueCount = new int[Cues.FAMILIES.length];
        final boolean[] cueLead = new boolean[Cues.FAMILIES.length];

        // word state
        int word = FNV_BASIS, wordLen, wordStart, prefix;
        boolean wordDigits;
        int w1, w2, w3;                 // previous words (0 = none)
        int words, longWords, numbers, firstWord;
        // CJK state
        int c1, c2, c3;                 // previous contiguous CJK characters' hashes (0 = none)
        int cjk, cjkSeen;
        // symbols and structure
        char prevSymbol;
        int letters, digits, nonSpace, questionMarks, mathOps, latex, codeSymbols, fences, backticks, quotes;
        int lines = 1, indentedLines, optionLines, listLines, lineStartSpaces, lineNonSpace;
        boolean lineStart = true;
        int firstLineEnd = -1, scanned;
        boolean inOption;
        int optionStart, optionChars, optionDigits, sentences;
        char last;

        Scan(int window) {
            ids = new int[window + 16]; // grows for dense (CJK, symbol-heavy) text
            kinds = new byte[ids.length];
        }

        void emit(int kind, int id) {
            if (count == ids.length) {
                ids = Arrays.copyOf(ids, count * 2);
                kinds = Arrays.copyOf(kinds, count * 2);
            }
            kinds[count] = (byte) kind;
            ids[count++] = id;
        }

        void boundary() {
            endWord();
            endOption(scanned);
            w1 = w2 = w3 = 0;
            c1 = c2 = c3 = 0;
            prevSymbol = 0;
            lineStart = true;
        }

        void run(String text, int from, int to) {
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                int pos = scanned++;
                if (c < 0x80 && ASCII_WORD[c]) {
                    // Fast path: consume the whole run of ASCII letters and digits with local state.
                    if (lineStart) {
                        lineBegins(text, i, to, c);
                    }
                    if (wordLen == 0) {
                        wordStart = pos;
                        word = FNV_BASIS;
                        wordDigits = true;
                    }
                    int h = word, len = wordLen, pfx = prefix, nDigits = 0, j = i;
                    while (j < to) {
                        char d = text.charAt(j);
                        if (d >= 0x80 || !ASCII_WORD[d]) {
                            break;
                        }
                        if (d <= '9') {
                            nDigits++;
                            h = (h ^ d) * 0x01000193;
                        } else {
                            h = (h ^ (d | 0x20)) * 0x01000193; // ASCII lower case
                        }
                        if (++len == 5) {
                            pfx = h;
                        }
                        j++;
                    }
                    int run = j - i;
                    word = h;
                    wordLen = len;
                    prefix = pfx;
                    wordDigits &= nDigits == run;
                    digits += nDigits;
                    letters += run - nDigits;
                    if (inOption) {
                        optionDigits += nDigits;
                    }
                    nonSpace += run;
                    scanned += run - 1;
                    c1 = c2 = c3 = 0;
                    prevSymbol = 0;
                    backticks = 0;
                    last = text.charAt(j - 1);
                    i = j - 1;
                    continue;
                }
                if (c == ' ' && !lineStart) {
                    endWord();
                    c1 = c2 = c3 = 0;
                    prevSymbol = 0;
                    backticks = 0;
                    continue;
                }
                if (isCjk(c)) {
                    endWord();
                    cjkChar(c, pos);
                    nonSpace++;
                    lineStart = false;
                    lineNonSpace++;
                    last = c;
                    continue;
                }
                c1 = c2 = c3 = 0;
                if (isWordChar(c)) {
                    if (lineStart) {
                        lineBegins(text, i, to, c);
                    }
                    char lc = Character.toLowerCase(c);
                    if (wordLen == 0) {
                        wordStart = pos;
                        word = FNV_BASIS;
                        wordDigits = true;
                    }
                    word = fnv(word, lc);
                    wordLen++;
                    if (wordLen == 5) {
                        prefix = word;
                    }
                    boolean digit = c >= '0' && c <= '9';
                    wordDigits &= digit;
                    if (digit) {
                        digits++;
                        if (inOption) {
                            optionDigits++;
                        }
                    } else {
                        letters++;
                    }
                    nonSpace++;
                    prevSymbol = 0;
                    backticks = 0;
                    last = c;
                    continue;
                }
                endWord();
                if (c == '\n') {
                    if (firstLineEnd < 0 && nonSpace > 0) {
                        firstLineEnd = pos;
                    }
                    endOption(pos);
                    lines++;
                    lineStart = true;
                    lineStartSpaces = 0;
                    lineNonSpace = 0;
                    prevSymbol = 0;
                    backticks = 0;
                    continue;
                }
                if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                    if (lineStart) {
                        lineStartSpaces += c == '\t' ? 4 : 1;
                    }
                    prevSymbol = 0;
                    backticks = 0;
                    continue;
                }
                if (lineStart) {
                    lineBegins(text, i, to, c);
                }
                symbol(c);
                last = c;
            }
        }

        /** First visible character of a line: indentation, list bullets and answer options. */
        private void lineBegins(String text, int i, int to, char c) {
            lineStart = false;
            if (lineStartSpaces >= 4) {
                indentedLines++;
            }
            char next = i + 1 < to ? text.charAt(i + 1) : 0;
            if (c == '-' || c == '*' || c == '•' || (c >= '0' && c <= '9' && (next == '.' || next == ')'))) {
                listLines++;
            }
            boolean option = ((c >= 'A' && c <= 'E') || (c >= 'a' && c <= 'e')) && (next == '.' || next == ')');
            if (!option && c == '(' && i + 2 < to && text.charAt(i + 2) == ')') {
                char o = text.charAt(i + 1);
                option = (o >= 'A' && o <= 'E') || (o >= 'a' && o <= 'e');
            }
            if (option) {
                optionLines++;
                inOption = true;
                optionStart = scanned - 1;
            }
        }

        private void endOption(int pos) {
            if (inOption) {
                optionChars += Math.max(0, pos - optionStart);
                inOption = false;
            }
        }

        private void symbol(char c) {
            nonSpace++;
            emit(K_SYM, id(NS_SYM, c));
            if (prevSymbol != 0) {
                emit(K_SYM2, id(NS_SYM2, prevSymbol, c));
            }
            prevSymbol = c;
            if ((c == '.' || c == '!' || c == '?' || c == '。' || c == '！' || c == '？')
                    && (isCjk(last) || (isWordChar(last) && !(last >= '0' && last <= '9')))) {
                sentences++;
            }
            switch (c) {
                case '?', '？' -> questionMarks++;
                case '+', '*', '/', '=', '^', '%', '×', '÷', '≤', '≥', '≠', '±', '√', '∑', '∫', '<', '>' -> mathOps++;
                case '-' -> {
                    if (last >= '0' && last <= '9') {
                        mathOps++;
                    }
                }
                case '$', '\\' -> latex++;
                case '"', '“', '”', '「', '」', '《', '》', '\'' -> quotes++;
                default -> { }
            }
            switch (c) {
                case '{', '}', ';', '(', ')', '[', ']', '_', '#', '|', '&', '<', '>', '=' -> codeSymbols++;
                case '`' -> {
                    codeSymbols++;
                    backticks++;
                    if (backticks == 3) {
                        fences++;
                    }
                    return;
                }
                default -> { }
            }
            backticks = 0;
        }

        private void cjkChar(char c, int pos) {
            cjk++;
            int h = charHash(c);
            emit(K_CJK1, id(NS_CJK1, h));
            if (c1 != 0) {
                emit(K_CJK2, id(NS_CJK2, c1, h));
                if (cjkSeen < LEAD_CJK) {
                    emit(K_CJK_LEAD, id(NS_CJK_LEAD, c1, h));
                }
            }
            if (cjkSeen == 1 && c1 != 0 && words == 0) {
                emit(K_FIRST, id(NS_FIRST, c1, h));
                firstWord = -1; // the text opens with CJK: no English question word
            }
            cjkSeen++;
            // Cue phrases of one to four characters ending here.
            int p = phraseStep(PHRASE_SEED, h);
            cue(p, pos);
            if (c1 != 0 && Cues.mayEndPhrase(h)) {
                cue(phraseStep(phraseStep(PHRASE_SEED, c1), h), pos - 1);
                if (c2 != 0) {
                    cue(phraseStep(phraseStep(phraseStep(PHRASE_SEED, c2), c1), h), pos - 2);
                    if (c3 != 0) {
                        cue(phraseStep(phraseStep(phraseStep(phraseStep(PHRASE_SEED, c3), c2), c1), h), pos - 3);
                    }
                }
            }
            c3 = c2;
            c2 = c1;
            c1 = h;
            prevSymbol = 0;
            backticks = 0;
        }

        private void endWord() {
            if (wordLen == 0) {
                return;
            }
            int h = wordDigits ? NUMBER_TOKEN : word;
            if (wordDigits) {
                numbers++;
            }
            if (wordLen >= 12 && !wordDigits) {
                longWords++;
            }
            emit(K_WORD, id(NS_WORD, h));
            if (w1 != 0) {
                emit(K_BIGRAM, id(NS_BIGRAM, w1, h));
            }
            if (wordLen > 6 && !wordDigits) {
                emit(K_PREFIX, id(NS_PREFIX, prefix));
            }
            if (words < LEAD_WORDS) {
                emit(K_LEAD, id(NS_LEAD, h));
                if (w1 != 0) {
                    emit(K_LEAD2, id(NS_LEAD2, w1, h));
                }
            }
            tail[tailSeen++ % TAIL_WORDS] = h;
            if (words == 0 && cjkSeen == 0) {
                firstWord = h;
                emit(K_FIRST, id(NS_FIRST, h));
            }
            words++;
            int start = wordStart;
            cue(phraseStep(PHRASE_SEED, h), start);
            if (w1 != 0 && Cues.mayEndPhrase(h)) {
                cue(phraseStep(phraseStep(PHRASE_SEED, w1), h), start);
                if (w2 != 0) {
                    cue(phraseStep(phraseStep(phraseStep(PHRASE_SEED, w2), w1), h), start);
                    if (w3 != 0) {
                        cue(phraseStep(phraseStep(phraseStep(phraseStep(PHRASE_SEED, w3), w2), w1), h), start);
                    }
                }
            }
            w3 = w2;
            w2 = w1;
            w1 = h;
            wordLen = 0;
        }

        private void cue(int phraseHash, int pos) {
            int f = Cues.lookup(phraseHash == 0 ? 1 : phraseHash);
            if (f >= 0) {
                cueCount[f]++;
                if (pos < LEAD_CHARS) {
                    cueLead[f] = true;
                }
            }
        }

        TextFeatures finish(int length, TaskType leadIntent) {
            endWord();
            // The last words, unless they are the lead already (a short prompt).
            for (int k = Math.max(LEAD_WORDS, tailSeen - TAIL_WORDS); k < tailSeen; k++) {
                emit(K_TAIL, id(NS_TAIL, tail[k % TAIL_WORDS]));
            }
            endOption(scanned);
            float[] s = new float[SIGNALS.length];
            int content = letters + digits + cjk;
            double nonSpaceD = Math.max(1, nonSpace);
            s[0] = clamp(Math.log1p(length) / Math.log1p(20_000));
            s[1] = clamp(Math.log1p(words + cjk / 1.5) / Math.log1p(3000));
            s[2] = clamp(Math.log1p(lines - 1) / Math.log1p(200));
            s[3] = (float) (cjk / Math.max(1.0, cjk + letters / 4.0));
            s[4] = clamp(questionMarks / 3.0);
            s[5] = last == '?' || last == '？' ? 1f : 0f;
            int first = firstWord;
            s[6] = first == W_WHAT || first == W_WHO || first == W_WHEN || first == W_WHERE || first == W_WHICH
                    || first == W_WHOSE ? 1f : 0f;
            s[7] = first == W_WHY || first == W_HOW ? 1f : 0f;
            for (int aux : AUX) {
                if (first == aux) {
                    s[8] = 1f;
                    break;
                }
            }
            s[9] = clamp(digits * 5.0 / nonSpaceD);
            s[10] = clamp(Math.log1p(numbers) / Math.log1p(50));
            s[11] = clamp(mathOps * 20.0 / nonSpaceD);
            s[12] = clamp(latex / 4.0);
            s[13] = clamp(codeSymbols * 8.0 / nonSpaceD);
            s[14] = fences > 0 ? 1f : 0f;
            s[15] = clamp(indentedLines / Math.max(1.0, lines - 1.0) * 2.0);
            s[16] = clamp(optionLines / 4.0);
            s[17] = clamp(listLines / 5.0);
            int firstLine = firstLineEnd < 0 ? scanned : firstLineEnd;
            s[18] = clamp(Math.log1p(Math.max(0, scanned - firstLine) / 100.0) / Math.log1p(40));
            s[19] = clamp(quotes / 4.0);
            s[20] = clamp(longWords * 10.0 / Math.max(1, words));
            s[21] = scanned == 0 ? 0f : (float) firstLine / scanned;
            // A question asked about an attached passage (reading comprehension) rather than from knowledge.
            s[22] = s[18] * Math.min(1f, questionMarks + cueCount[Cues.family("extract")] + optionLines);
            double optionAvg = optionLines == 0 ? 0 : (double) optionChars / optionLines;
            s[23] = clamp(Math.log1p(optionAvg) / Math.log1p(300));
            s[24] = optionChars == 0 ? 0f : clamp(optionDigits * 3.0 / optionChars);
            s[25] = clamp(Math.log1p(sentences) / Math.log1p(100));
            for (int f = 0; f < cueCount.length; f++) {
                // 1, 2, 3 hits give 0.5, 0.75, 0.875: more hits matter less.
                s[CUE_OFFSET + f] = CUE_STRENGTH[Math.min(cueCount[f], CUE_STRENGTH.length - 1)];
                s[LEAD_OFFSET + f] = cueLead[f] ? 1f : 0f;
            }
            float value = count == 0 ? 0f : (float) (1.0 / Math.sqrt(count));
            return new TextFeatures(ids, kinds, count, value, s, length, content > 0, leadIntent);
        }

        /** 1 - 0.5^hits, precomputed. */
        private static final float[] CUE_STRENGTH = new float[31];

        static {
            for (int i = 0; i < CUE_STRENGTH.length; i++) {
                CUE_STRENGTH[i] = (float) (1.0 - Math.pow(0.5, i));
            }
        }

        private static float clamp(double v) {
            return (float) Math.max(0.0, Math.min(1.0, v));
        }

        private static int fnvWord(String w) {
            int h = FNV_BASIS;
            for (int i = 0; i < w.length(); i++) {
                h = fnv(h, w.charAt(i));
            }
            return h;
        }
    }
}
