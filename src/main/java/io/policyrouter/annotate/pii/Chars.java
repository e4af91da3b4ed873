package io.policyrouter.annotate.pii;

/** Small allocation-free helpers over the raw text shared by the detectors. */
final class Chars {

    private Chars() {
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAsciiLetter(char c) {
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    }

    static boolean isAsciiAlnum(char c) {
        return isDigit(c) || isAsciiLetter(c);
    }

    /** True when text has a letter or digit just before {@code pos} or at {@code pos}: a token boundary is missing. */
    static boolean alnumAt(String text, int pos) {
        return pos >= 0 && pos < text.length() && Character.isLetterOrDigit(text.charAt(pos));
    }

    static boolean wordBoundary(String text, int pos) {
        return pos < 0 || pos >= text.length() || !Character.isLetterOrDigit(text.charAt(pos));
    }

    /** True when only chars of {@code filler} stand between the previous line break (or the start) and pos. */
    static boolean startsLine(String text, int pos, String filler) {
        int i = pos - 1;
        while (i >= 0 && text.charAt(i) != '\n') {
            if (filler.indexOf(text.charAt(i)) < 0) {
                return false;
            }
            i--;
        }
        return true;
    }

}
