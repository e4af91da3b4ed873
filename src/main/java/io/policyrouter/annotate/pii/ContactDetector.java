package io.policyrouter.annotate.pii;

import io.policyrouter.vocabulary.DataClass;
import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import org.apache.commons.validator.routines.EmailValidator;

/**
 * E-mail addresses and phone numbers. Candidates come from hand scans (an '@' for e-mail, a run of digits and phone
 * punctuation for phones) and are confirmed by Commons Validator and libphonenumber.
 */
final class ContactDetector {

    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 253;

    /** Words that announce a phone number (compared as whole words, case-insensitive). */
    static final CueList PHONE_CUES = CueList.of("phone", "phones", "tel", "telephone", "mobile", "mob", "cell", "cellphone",
        "fax", "desk", "call", "calling", "called", "text", "sms", "whatsapp", "signal", "contact", "reach", "dial",
        "ring", "answering", "message", "messages", "hotline", "landline", "extension", "ph", "téléphone", "telefon", "teléfono",
        "telefone", "telefonnummer", "handy", "portable");
    /** Words that make a digit run an identifier rather than a phone. */
    private static final CueList NOT_PHONE_CUES = CueList.of("order", "invoice", "tracking", "account", "acct", "ref",
        "reference", "serial", "isbn", "ticket", "case", "sku", "transaction", "confirmation", "id", "policy", "claim",
        "routing", "license", "licence", "passport", "ssn", "card", "iban", "version", "build", "patient", "mrn",
        "record", "employee", "member", "customer");
    private static final CueList PHONE_AFTER = CueList.of("office", "fax", "mobile", "cell", "home", "work", "tel");

    private final EmailValidator emails = EmailValidator.getInstance(false, false);
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    ContactDetector(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    void detectEmails(String text, SpanSet out) {
        int n = text.length();
        int at = text.indexOf('@');
        while (at >= 0) {
            int s = at;
            while (s > 0 && at - s < MAX_LOCAL && isLocal(text.charAt(s - 1))) {
                s--;
            }
            while (s < at && (text.charAt(s) == '.' || text.charAt(s) == '-')) {
                s++;
            }
            int e = at + 1;
            boolean dot = false;
            while (e < n && e - at <= MAX_DOMAIN && isDomain(text.charAt(e))) {
                dot |= text.charAt(e) == '.';
                e++;
            }
            while (e > at + 1 && (text.charAt(e - 1) == '.' || text.charAt(e - 1) == '-')) {
                e--;
            }
            // "git@github.com:org/repo.git" is an SSH remote, not a mailbox
            boolean scp = e + 1 < n && text.charAt(e) == ':' && !Character.isWhitespace(text.charAt(e + 1));
            if (s < at && dot && e - at > 3 && !scp && !out.claimed(s, e) && emails.isValid(text.substring(s, e))) {
                out.add(DataClass.EMAIL, s, e);
            }
            at = text.indexOf('@', Math.max(at + 1, e));
        }
    }

    private static boolean isLocal(char c) {
        return Chars.isAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isDomain(char c) {
        return Chars.isAsciiAlnum(c) || c == '.' || c == '-';
    }

    void detectPhones(String text, SpanSet out) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            boolean plus = c == '+' && i + 1 < n && (Chars.isDigit(text.charAt(i + 1)) || text.charAt(i + 1) == '(');
            if (!(plus || Chars.isDigit(c) || c == '(' && i + 1 < n && Chars.isDigit(text.charAt(i + 1)))
                    || i > 0 && (Character.isLetterOrDigit(text.charAt(i - 1)) || text.charAt(i - 1) == '.'
                    || text.charAt(i - 1) == ',' && i > 1 && Chars.isDigit(text.charAt(i - 2)))) {
                i++;
                continue;
            }
            int end = scanPhone(text, i);
            if (end < 0) {
                // not a phone-shaped run: skip the whole digit run so the scan stays linear
                int k = i + 1;
                while (k < n && Chars.isDigit(text.charAt(k))) {
                    k++;
                }
                i = k;
                continue;
            }
            if (!out.claimed(i, end)) {
                int accepted = accept(text, i, end);
                if (accepted > i) {
                    out.add(DataClass.PHONE, i, accepted);
                    i = accepted;
                    continue;
                }
            }
            i = end;
        }
    }

    /**
     * End of a phone-shaped run starting at s (digits in groups separated by one space, '-', '.', '/' or brackets,
     * an optional leading '+' and trailing extension), or -1.
     */
    private static int scanPhone(String text, int s) {
        int n = text.length();
        int i = s;
        int digits = 0;
        int groups = 0;
        int lastDigitEnd = -1;
        if (text.charAt(i) == '+') {
            i++;
        }
        int limit = Math.min(n, s + 32);
        while (i < limit) {
            char c = text.charAt(i);
            if (Chars.isDigit(c)) {
                int g = i;
                while (i < limit && Chars.isDigit(text.charAt(i))) {
                    i++;
                }
                digits += i - g;
                groups++;
                lastDigitEnd = i;
                continue;
            }
            if (c == '(' || c == ')') {
                i++;
                continue;
            }
            if ((c == ' ' || c == '-' || c == '.' || c == '\u00a0') && i + 1 < limit) {
                char d = text.charAt(i + 1);
                if (Chars.isDigit(d) || d == '(') {
                    i++;
                    continue;
                }
                if (c == ' ' && (d == '-') && i + 2 < limit && text.charAt(i + 2) == ' ') {
                    i += 3;
                    continue;
                }
            }
            break;
        }
        if (lastDigitEnd < 0 || digits < 7 || digits > 15) {
            return -1;
        }
        int e = lastDigitEnd;
        // extension: "x123", " ext. 123"
        int k = e;
        if (k < n && (text.charAt(k) == 'x' || text.charAt(k) == 'X') && k + 1 < n && Chars.isDigit(text.charAt(k + 1))) {
            k++;
            while (k < n && k - e < 7 && Chars.isDigit(text.charAt(k))) {
                k++;
            }
            e = k;
        } else if (text.regionMatches(true, k, " ext", 0, 4)) {
            k += 4;
            if (k < n && text.charAt(k) == '.') {
                k++;
            }
            while (k < n && text.charAt(k) == ' ') {
                k++;
            }
            int d = k;
            while (k < n && k - d < 6 && Chars.isDigit(text.charAt(k))) {
                k++;
            }
            if (k > d) {
                e = k;
            }
        }
        if (e < n && Character.isLetterOrDigit(text.charAt(e))) {
            return -1;
        }
        return groups > 8 ? -1 : e;
    }

    /** The end of the accepted phone in [s, e), or -1. */
    private int accept(String text, int s, int e) {
        if (looksLikeDateOrNumber(text, s, e)) {
            return -1;
        }
        int cueDistance = PHONE_CUES.distanceBefore(text, s, 40);
        int notPhoneDistance = NOT_PHONE_CUES.distanceBefore(text, s, 30);
        boolean cue = cueDistance < notPhoneDistance || PHONE_AFTER.rightAfter(text, e);
        boolean notPhone = notPhoneDistance < cueDistance;
        char first = text.charAt(s);
        boolean international = first == '+' || text.startsWith("00", s);
        if (notPhone && !cue && !international) {
            return -1;
        }
        String candidate = text.substring(s, e);
        if (international) {
            int m = match(candidate, defaultRegion, PhoneNumberUtil.Leniency.VALID);
            if (m > 0) {
                return s + m;
            }
            return cue ? e : -1;
        }
        if (cue) {
            return e;
        }
        boolean punctuated = false;
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            if (c == '-' || c == '(' || c == ' ' || c == '.') {
                punctuated = true;
                break;
            }
        }
        if (!punctuated) {
            return -1;
        }
        int m = match(candidate, defaultRegion, PhoneNumberUtil.Leniency.VALID);
        return m > 0 ? s + m : -1;
    }

    /** Length of the first libphonenumber match that starts at the beginning of the candidate, or -1. */
    private int match(String candidate, String region, PhoneNumberUtil.Leniency leniency) {
        for (PhoneNumberMatch m : phones.findNumbers(candidate, region, leniency, 3)) {
            return m.start() <= 1 ? m.end() : -1;
        }
        return -1;
    }

    /** Dates (2020-01-31, 31.01.2020), times, decimals and dotted versions are not phones. */
    static boolean looksLikeDateOrNumber(String text, int s, int e) {
        int groups = 0;
        int[] len = new int[4];
        char sep = 0;
        char firstSep = 0;
        boolean mixed = false;
        int i = s;
        while (i < e) {
            char c = text.charAt(i);
            if (Chars.isDigit(c)) {
                int g = i;
                while (i < e && Chars.isDigit(text.charAt(i))) {
                    i++;
                }
                if (groups < 4) {
                    len[groups] = i - g;
                }
                groups++;
            } else {
                if (c == '.' || c == '-' || c == '/' || c == ' ') {
                    if (sep == 0) {
                        sep = c;
                    } else if (sep != c) {
                        mixed = true;
                    }
                    if (groups == 1 && firstSep == 0) {
                        firstSep = c; // the separator between the first and the second group
                    }
                }
                i++;
            }
        }
        if (groups == 2 && sep == '.') {
            return true; // a decimal number
        }
        if (groups >= 3 && (len[0] == 4 && len[1] <= 2 && len[2] <= 2 || len[0] <= 2 && len[1] <= 2 && len[2] == 4)
                && (firstSep == '-' || firstSep == '.' || firstSep == '/')) {
            return true; // a date, maybe followed by a time ("2023-04-10 08:15")
        }
        if (groups == 3 && !mixed && (sep == '.' || sep == '-' || sep == '/')) {
            boolean ymd = len[0] == 4 && len[1] <= 2 && len[2] <= 2;
            boolean dmy = len[0] <= 2 && len[1] <= 2 && len[2] == 4;
            return ymd || dmy;
        }
        return false;
    }
}
