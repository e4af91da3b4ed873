package io.policyrouter.annotate.pii;

import io.policyrouter.vocabulary.DataClass;
import org.apache.commons.validator.routines.IBANValidator;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

/** Payment card numbers (Luhn-valid) and IBANs (ISO 13616 mod-97 valid, via Commons Validator). */
final class PaymentDetector {

    static final CueList CARD_CUES = CueList.of("card", "cards", "cc", "credit", "debit", "visa", "mastercard", "master card",
        "amex", "american express", "discover", "maestro", "jcb", "diners", "unionpay", "cvv", "expiry", "kreditkarte",
        "carte", "tarjeta", "cartão");
    private static final CueList IBAN_CUES = CueList.of("iban", "bank account", "account number", "account no", "acct",
        "konto", "kontonummer", "compte", "cuenta", "conto");

    private final IBANValidator ibans = IBANValidator.getInstance();

    void detectCards(String text, SpanSet out) {
        int n = text.length();
        int i = 0;
        char[] digits = new char[19];
        while (i < n) {
            char c = text.charAt(i);
            if (!Chars.isDigit(c) || i > 0 && (Character.isLetterOrDigit(text.charAt(i - 1))
                    || text.charAt(i - 1) == '+' || text.charAt(i - 1) == '.')) {
                i++;
                continue;
            }
            // digits in groups separated by one space or '-', one separator kind per number
            int k = i;
            int count = 0;
            char sep = 0;
            int end = i;
            boolean overflow = false;
            while (k < n) {
                char d = text.charAt(k);
                if (Chars.isDigit(d)) {
                    if (count == 19) {
                        overflow = true;
                        break;
                    }
                    digits[count++] = d;
                    k++;
                    end = k;
                } else if ((d == ' ' || d == '-') && (sep == 0 || sep == d) && k + 1 < n
                        && Chars.isDigit(text.charAt(k + 1)) && Chars.isDigit(text.charAt(k - 1))) {
                    sep = d;
                    k++;
                } else {
                    break;
                }
            }
            if (overflow) {
                while (k < n && (Chars.isDigit(text.charAt(k)) || text.charAt(k) == ' ' || text.charAt(k) == '-')) {
                    k++;
                }
                i = k;
                continue;
            }
            if (count >= 12 && !Chars.alnumAt(text, end) && !out.claimed(i, end) && isCard(text, i, digits, count)) {
                out.add(DataClass.CREDIT_CARD, i, end);
            }
            i = Math.max(end, i + 1);
        }
    }

    private static boolean isCard(String text, int start, char[] digits, int count) {
        String number = new String(digits, 0, count);
        if (!LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(number) || allSame(digits, count)) {
            return false;
        }
        boolean cue = CARD_CUES.before(text, start, 40);
        if (count < 13) {
            return cue; // 12-digit Maestro-style numbers are too common as plain identifiers
        }
        char first = digits[0];
        boolean network = first >= '2' && first <= '6' || number.startsWith("1800") || number.startsWith("2131");
        return network || cue;
    }

    private static boolean allSame(char[] d, int count) {
        for (int i = 1; i < count; i++) {
            if (d[i] != d[0]) {
                return false;
            }
        }
        return true;
    }

    void detectIbans(String text, SpanSet out) {
        int n = text.length();
        char[] compact = new char[34];
        int[] endAt = new int[34];
        for (int i = 0; i + 4 <= n; i++) {
            if (!Chars.isAsciiLetter(text.charAt(i)) || !Chars.isAsciiLetter(text.charAt(i + 1))
                    || !Chars.isDigit(text.charAt(i + 2)) || !Chars.isDigit(text.charAt(i + 3))
                    || i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))) {
                continue;
            }
            // collect up to 34 alphanumerics, allowing single spaces between groups
            int len = 0;
            int k = i;
            while (k < n && len < 34) {
                char c = text.charAt(k);
                if (Chars.isAsciiAlnum(c)) {
                    compact[len] = Character.toUpperCase(c);
                    endAt[len] = k + 1;
                    len++;
                    k++;
                } else if (c == ' ' && k + 1 < n && Chars.isAsciiAlnum(text.charAt(k + 1)) && len >= 4) {
                    k++;
                } else {
                    break;
                }
            }
            if (len < 15) {
                continue;
            }
            int found = -1;
            IBANValidator.Validator country = ibans.getValidator(new String(compact, 0, 2));
            int l = country == null ? 0 : country.getIbanLength();
            // an IBAN has its country's exact length and ends at a token boundary
            if (l > 0 && l <= len && (endAt[l - 1] >= n || !Chars.isAsciiAlnum(text.charAt(endAt[l - 1])))
                    && ibans.isValid(new String(compact, 0, l))) {
                found = l;
            }
            if (found < 0 && IBAN_CUES.before(text, i, 40)) {
                // a stated but mistyped IBAN is still bank data: accept the IBAN-shaped token after an IBAN cue
                found = ibanShapedLength(text, i, compact, endAt, len);
            }
            if (found > 0 && !out.claimed(i, endAt[found - 1])) {
                out.add(DataClass.IBAN, i, endAt[found - 1]);
                i = endAt[found - 1];
            }
        }
    }

    /** Length of the IBAN-shaped prefix (no trailing word, at least one more digit) or -1. */
    private static int ibanShapedLength(String text, int start, char[] compact, int[] endAt, int len) {
        int n = text.length();
        for (int l = len; l >= 15; l--) {
            int e = endAt[l - 1];
            if (e < n && Chars.isAsciiAlnum(text.charAt(e))) {
                continue;
            }
            // the last group must not be a plain word ("GB12... is")
            int groupStart = l - 1;
            while (groupStart > 0 && endAt[groupStart - 1] == endAt[groupStart] - 1) {
                groupStart--;
            }
            boolean digit = false;
            for (int k = groupStart; k < l; k++) {
                digit |= Chars.isDigit(compact[k]);
            }
            if (digit) {
                return l;
            }
        }
        return -1;
    }
}
