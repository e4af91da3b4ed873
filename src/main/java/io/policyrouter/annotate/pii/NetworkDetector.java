package io.policyrouter.annotate.pii;

import io.policyrouter.vocabulary.DataClass;
import org.apache.commons.validator.routines.InetAddressValidator;

/** IPv4 and IPv6 addresses, confirmed by Commons Validator; dotted version numbers are not addresses. */
final class NetworkDetector {

    private static final CueList VERSION_CUES = CueList.of("version", "ver", "v", "release", "build", "firmware", "kernel",
        "python", "java", "node", "chrome", "firefox", "ios", "android", "windows", "macos", "sdk", "api", "jdk",
        "oid", "snmp");

    private final InetAddressValidator validator = InetAddressValidator.getInstance();

    /**
     * @param v4 the text has enough digits and dots for a dotted quad
     * @param v6 the text has at least two colons
     */
    void detect(String text, SpanSet out, boolean v4, boolean v6) {
        int n = text.length();
        if (v4) {
            for (int i = 0; i < n; i++) {
                if (!Chars.isDigit(text.charAt(i)) || i > 0 && isAddressChar(text.charAt(i - 1))) {
                    continue;
                }
                int e = ipv4(text, i);
                if (e > 0) {
                    if (!out.claimed(i, e)) {
                        out.add(DataClass.IP_ADDRESS, i, e);
                    }
                    i = e;
                }
            }
        }
        if (v6) {
            // an IPv6 address holds a colon: start from each colon, back to the start of its hex run
            int i = text.indexOf(':');
            int done = 0;
            while (i >= 0) {
                int s = i;
                while (s > done && i - s < 40 && (isHex(text.charAt(s - 1)) || text.charAt(s - 1) == ':')) {
                    s--;
                }
                int e = -1;
                if (s == 0 || !isAddressChar(text.charAt(s - 1))) {
                    e = ipv6(text, s);
                }
                if (e > 0) {
                    if (!out.claimed(s, e)) {
                        out.add(DataClass.IP_ADDRESS, s, e);
                    }
                    done = e;
                    i = text.indexOf(':', e);
                } else {
                    done = Math.max(done, i);
                    // skip the rest of this colon run so each run is tried once
                    int k = i + 1;
                    while (k < n && k - i < 45 && (isHex(text.charAt(k)) || text.charAt(k) == ':')) {
                        k++;
                    }
                    done = k;
                    i = text.indexOf(':', k);
                }
            }
        }
    }

    private static boolean isAddressChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == ':' || c == '_';
    }

    private static boolean isHex(char c) {
        return Chars.isDigit(c) || (c | 0x20) >= 'a' && (c | 0x20) <= 'f';
    }

    private int ipv4(String text, int i) {
        int n = text.length();
        int k = i;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (k >= n || text.charAt(k) != '.') {
                    return -1;
                }
                k++;
            }
            int s = k;
            while (k < n && k - s < 4 && Chars.isDigit(text.charAt(k))) {
                k++;
            }
            if (k == s || k - s > 3) {
                return -1;
            }
        }
        // a fifth dotted group, or letters/digits glued on, make it something else (a version, an OID, a phone)
        if (k < n && (Character.isLetterOrDigit(text.charAt(k)) || text.charAt(k) == '_'
                || text.charAt(k) == '.' && k + 1 < n && Chars.isDigit(text.charAt(k + 1)))) {
            return -1;
        }
        if (i > 0 && (text.charAt(i - 1) == 'v' || text.charAt(i - 1) == 'V')) {
            return -1;
        }
        if (VERSION_CUES.distanceBefore(text, i, 12) <= 1) {
            return -1;
        }
        return validator.isValidInet4Address(text.substring(i, k)) ? k : -1;
    }

    private int ipv6(String text, int i) {
        int n = text.length();
        int k = i;
        int colons = 0;
        boolean digit = false;
        while (k < n && k - i < 45) {
            char c = text.charAt(k);
            if (c == ':') {
                colons++;
            } else if (c != '.' && !isHex(c)) {
                break;
            }
            digit |= Chars.isDigit(c);
            k++;
        }
        // do not end on a ':' that belongs to the sentence ("at fe80::1: ...")
        while (k > i && text.charAt(k - 1) == '.') {
            k--;
        }
        if (colons < 2 || !digit || k < n && (Character.isLetterOrDigit(text.charAt(k)) || text.charAt(k) == '_')) {
            return -1;
        }
        String candidate = text.substring(i, k);
        if (!candidate.contains("::") && colons < 7) {
            return -1;
        }
        if (validator.isValidInet6Address(candidate)) {
            return k;
        }
        if (candidate.endsWith(":") && !candidate.endsWith("::")
                && validator.isValidInet6Address(candidate.substring(0, candidate.length() - 1))) {
            return k - 1;
        }
        return -1;
    }
}
