package io.policyrouter.annotate.pii;

import java.util.List;

/**
 * Finds personal and compliance-relevant data in a text: contact data, payment and national identifiers, network
 * addresses, secrets, dates of birth, health data, person names and locations. Structured detectors run first and
 * claim their characters; names and places come last and never overlap them.
 *
 * <p>Thread-safe and allocation-light: the gazetteers are loaded once per JVM and shared; each call works on its own
 * small arrays. Every scan is linear in the text (bounded look-around, no backtracking regexes).
 */
public final class PiiDetector {

    private final Gazetteer gazetteer;
    private final PiiLexicon lexicon = PiiLexicon.get();
    private final SecretDetector secrets = new SecretDetector();
    private final ContactDetector contacts = new ContactDetector("US");
    private final PaymentDetector payments = new PaymentDetector();
    private final NetworkDetector network = new NetworkDetector();
    private final NationalIdDetector nationalIds = new NationalIdDetector();
    private final BirthDateDetector birthDates = new BirthDateDetector();
    private final MedicalDetector medical;
    private final AddressDetector addresses;
    private final NameDetector names;
    private final PlaceDetector places;
    private final NameTagger tagger;
    private final PublicFigures figures = PublicFigures.shared();

    /** The rules and the shipped name tagger. */
    public PiiDetector() {
        this(false);
    }

    /**
     * @param bareNames also report a lone known first name with no cue around it ("Scott is a sympathetic person").
     *                  Raises recall on names, and flags the fictional names of word problems too.
     */
    public PiiDetector(boolean bareNames) {
        this(bareNames, NameTagger.shipped());
    }

    /**
     * @param tagger tags the capitalised words the rules left alone (names and places without cues); null for the
     *               rules alone
     */
    public PiiDetector(boolean bareNames, NameTagger tagger) {
        this.tagger = tagger;
        this.gazetteer = Gazetteer.shared();
        this.medical = new MedicalDetector(gazetteer);
        this.addresses = new AddressDetector(gazetteer);
        this.names = new NameDetector(gazetteer, bareNames);
        this.places = new PlaceDetector(gazetteer);
    }

    public List<PiiSpan> detect(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        PiiTokens tokens = PiiTokens.of(text);
        SpanSet out = rules(text, tokens);
        if (tagger != null) {
            tagger.tag(tokens, out);
        }
        return figures.filter(text, out.toList());
    }

    /** Every rule detector over one text; names and places come last. */
    SpanSet rules(String text, PiiTokens tokens) {
        Shape f = Shape.of(text);
        lexicon.index(tokens);
        int cues = tokens.lexAll;
        SpanSet out = new SpanSet(text.length());
        secrets.detect(text, tokens, out, f.assignments > 0, f.longestTokenRun >= 16);
        if (f.ats > 0) {
            contacts.detectEmails(text, out);
        }
        if (f.letterLetterDigitDigit > 0 && f.digits >= 10) {
            payments.detectIbans(text, out);
        }
        if (f.longestDigitGroup >= 12) {
            payments.detectCards(text, out);
        }
        if (f.digitDots >= 3 || f.hexColons >= 2) {
            network.detect(text, out, f.digitDots >= 3, f.hexColons >= 2);
        }
        if (f.longestDigitGroup >= 9 || f.upperThenDigit > 0) {
            nationalIds.detect(text, tokens, out);
        } else if ((cues & PiiLexicon.TRIGGER_NATIONAL_ID) != 0 && (f.digits >= 3 || f.upperRun >= 5)) {
            nationalIds.detect(text, tokens, out);
        }
        if (f.digits >= 4 && (cues & PiiLexicon.TRIGGER_BIRTH) != 0) {
            birthDates.detect(text, tokens, out);
        }
        medical.detect(text, tokens, out);
        if (f.longestDigitGroup >= 7) {
            contacts.detectPhones(text, out);
        }
        addresses.detect(text, tokens, out);
        names.detect(text, tokens, out);
        places.detect(text, tokens, out);
        return out;
    }

    /** Counts from one pass over the characters that tell which scanners can find anything at all. */
    private static final class Shape {
        int digits;
        int ats;
        int digitDots;
        int hexColons;
        int assignments;
        int letterLetterDigitDigit;
        int upperThenDigit;
        int upperRun;
        /** Digits in the longest run of digits joined by single blanks, '-', '.', '(', ')', '/' or '+'. */
        int longestDigitGroup;
        /** Longest run of characters that can form a key or token. */
        int longestTokenRun;

        static Shape of(String text) {
            Shape f = new Shape();
            int n = text.length();
            int group = 0;
            int run = 0;
            int upper = 0;
            char p1 = ' ';
            char p2 = ' ';
            char p3 = ' ';
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                if (c >= 'a' && c <= 'z') {
                    // the common case, kept short: a lower-case letter only extends a token run
                    group = 0;
                    upper = 0;
                    if (++run > f.longestTokenRun) {
                        f.longestTokenRun = run;
                    }
                    p3 = p2;
                    p2 = p1;
                    p1 = c;
                    continue;
                }
                if (c == ' ') {
                    // the next most common case: a blank only continues a digit group ("4111 1111")
                    if (!Chars.isDigit(p1)) {
                        group = 0;
                    }
                    run = 0;
                    upper = 0;
                    p3 = p2;
                    p2 = p1;
                    p1 = c;
                    continue;
                }
                boolean digit = c >= '0' && c <= '9';
                if (digit) {
                    f.digits++;
                    group++;
                    if (group > f.longestDigitGroup) {
                        f.longestDigitGroup = group;
                    }
                    if (Chars.isAsciiLetter(p2) && Chars.isAsciiLetter(p3) && Chars.isDigit(p1)) {
                        f.letterLetterDigitDigit++;
                    }
                    if (p1 >= 'A' && p1 <= 'Z') {
                        f.upperThenDigit++;
                    }
                } else if (!(c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || c == '+')
                        || !Chars.isDigit(p1) && p1 != ')' && p1 != '(' && !(c == '(' || c == '+')) {
                    group = 0;
                }
                if (c < 128 && (Chars.isAsciiAlnum(c) || c == '_' || c == '-' || c == '.' || c == '+' || c == '/'
                        || c == '=')) {
                    run++;
                    if (run > f.longestTokenRun) {
                        f.longestTokenRun = run;
                    }
                } else {
                    run = 0;
                }
                if (c >= 'A' && c <= 'Z') {
                    upper++;
                    if (upper > f.upperRun) {
                        f.upperRun = upper;
                    }
                } else {
                    upper = 0;
                }
                if (c == '.' && Chars.isDigit(p1) && i + 1 < n && Chars.isDigit(text.charAt(i + 1))) {
                    f.digitDots++;
                } else if (c == ':') {
                    f.assignments++;
                    if (i + 1 < n && (hex(p1) || p1 == ':') && (hex(text.charAt(i + 1)) || text.charAt(i + 1) == ':')) {
                        f.hexColons++;
                    }
                } else if (c == '=') {
                    f.assignments++;
                } else if (c == '@') {
                    f.ats++;
                }
                p3 = p2;
                p2 = p1;
                p1 = c;
            }
            return f;
        }
    }

    private static boolean hex(char c) {
        return Chars.isDigit(c) || (c | 0x20) >= 'a' && (c | 0x20) <= 'f';
    }

}
