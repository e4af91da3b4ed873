package io.policyrouter.annotate.pii;

import io.policyrouter.vocabulary.DataClass;

/**
 * Credentials: PEM private keys, API keys of well-known shapes (AWS, GitHub, GitLab, Slack, Stripe, OpenAI-style,
 * Google, Hugging Face, npm, SendGrid, JWTs), passwords in URLs and in {@code password=...} style assignments, and
 * high-entropy tokens next to key/secret/token words. Hand scans only; every loop is bounded.
 */
final class SecretDetector {

    private static final int MAX_VALUE = 256;
    private static final String[] SECRET_KEY_SUFFIXES = {"password", "passwd", "pwd", "passphrase", "secret",
        "secret_key", "secretkey", "secret-key", "api_key", "apikey", "api-key", "access_key", "accesskey",
        "access_token", "accesstoken", "auth_token", "authtoken", "private_key", "privatekey", "client_secret",
        "token", "credentials", "pass", "pin"};
    private static final CueList ENTROPY_CUES = CueList.of("key", "keys", "secret", "secrets", "token", "tokens", "apikey",
        "api key", "bearer", "authorization", "credential", "credentials", "password", "access key", "signature",
        "auth", "passphrase", "private");
    private static final CueList PASSWORD_WORDS = CueList.of("password", "passwort", "passcode", "passwd", "pwd",
        "mot de passe", "contraseña", "senha", "pin");

    /**
     * @param assignmentChars the text has '=' or ':' (key = value forms are possible)
     * @param longRuns the text has a run of 16+ token characters (keys, tokens)
     */
    void detect(String text, PiiTokens t, SpanSet out, boolean assignmentChars, boolean longRuns) {
        if (text.indexOf("-----BEGIN") >= 0) {
            pem(text, out);
        }
        if (text.indexOf("://") >= 0) {
            urlCredentials(text, out);
        }
        if (assignmentChars) {
            assignments(text, out);
        }
        if (longRuns) {
            tokens(text, out);
        }
        if ((t.lexAll & PiiLexicon.TRIGGER_PASSWORD) != 0) {
            passwordsInProse(text, t, out);
        }
    }

    private static void pem(String text, SpanSet out) {
        int from = 0;
        while (true) {
            int b = text.indexOf("-----BEGIN", from);
            if (b < 0) {
                return;
            }
            int headerEnd = indexOf(text, "-----", b + 10, b + 90);
            if (headerEnd < 0 || headerEnd - b > 80) {
                from = b + 10;
                continue;
            }
            String header = text.substring(b, headerEnd);
            if (!header.contains("PRIVATE KEY")) {
                from = headerEnd + 5;
                continue;
            }
            int e = indexOf(text, "-----END", headerEnd + 5, b + 20_000);
            int end;
            if (e >= 0 && e - b < 20_000) {
                int close = indexOf(text, "-----", e + 8, e + 90);
                end = close >= 0 && close - e < 80 ? close + 5 : e + 8;
            } else {
                // no footer: the key body runs while the text stays base64
                end = headerEnd + 5;
                while (end < text.length() && end - b < 20_000 && isBase64OrSpace(text.charAt(end))) {
                    end++;
                }
            }
            out.add(DataClass.SECRET, b, end);
            from = end;
        }
    }

    /** indexOf that gives up at limit, so repeated hostile headers cannot make the scan quadratic. */
    private static int indexOf(String text, String what, int from, int limit) {
        int last = Math.min(limit, text.length()) - what.length();
        for (int i = Math.max(0, from); i <= last; i++) {
            if (text.startsWith(what, i)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBase64OrSpace(char c) {
        return Chars.isAsciiAlnum(c) || c == '+' || c == '/' || c == '=' || c == '\n' || c == '\r' || c == ' ';
    }

    /** scheme://user:password@host — the password part. */
    private static void urlCredentials(String text, SpanSet out) {
        int n = text.length();
        int from = 0;
        while (true) {
            int p = text.indexOf("://", from);
            if (p < 0) {
                return;
            }
            int s = p + 3;
            int colon = -1;
            int k = s;
            while (k < n && k - s < MAX_VALUE) {
                char c = text.charAt(k);
                if (c == '@' || c == '/' || c == '?' || c == '#' || Character.isWhitespace(c) || c == '"'
                        || c == '\'' || c == '<' || c == '>') {
                    break;
                }
                if (c == ':' && colon < 0) {
                    colon = k;
                }
                k++;
            }
            if (k < n && text.charAt(k) == '@' && colon > s && k > colon + 1 && !placeholder(text, colon + 1, k)) {
                out.add(DataClass.SECRET, colon + 1, k);
            }
            from = Math.max(k, p + 3);
        }
    }

    /** key = value / "key": "value" / key: value where the key ends with a secret word. */
    private static void assignments(String text, SpanSet out) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c != '=' && c != ':') {
                continue;
            }
            // the key: skip blanks and a closing quote, then an identifier
            int k = i;
            while (k > 0 && i - k < 3 && (text.charAt(k - 1) == ' ' || text.charAt(k - 1) == '"'
                    || text.charAt(k - 1) == '\'')) {
                k--;
            }
            int keyEnd = k;
            while (k > 0 && keyEnd - k < 48 && isKeyChar(text.charAt(k - 1))) {
                k--;
            }
            if (keyEnd == k || !endsWithSecretWord(text, k, keyEnd)) {
                continue;
            }
            // the value
            int v = i + 1;
            if (v < n && text.charAt(v) == '>') {
                v++; // =>
            }
            while (v < n && v - i < 4 && text.charAt(v) == ' ') {
                v++;
            }
            char quote = v < n && (text.charAt(v) == '"' || text.charAt(v) == '\'') ? text.charAt(v) : 0;
            if (quote != 0) {
                v++;
            }
            int e = v;
            while (e < n && e - v < MAX_VALUE) {
                char d = text.charAt(e);
                if (quote != 0 ? d == quote || d == '\n' : Character.isWhitespace(d) || d == ';' || d == '&'
                        || d == ',' || d == '"' || d == '\'' || d == '}' || d == ')' || d == ']' || d == '<'
                        || d == '(' || d == '[') {
                    break;
                }
                e++;
            }
            if (quote == 0 && codeValue(text, v, e)) {
                continue; // password = input(...), password = pwd_var: code, not a secret
            }
            boolean tokenKey = endsWith(text, k, keyEnd, "token") || endsWith(text, k, keyEnd, "pin");
            int min = tokenKey ? 8 : 3;
            if (e - v >= min && !placeholder(text, v, e) && !out.claimed(v, e) && (!tokenKey || hasDigit(text, v, e))) {
                out.add(DataClass.SECRET, v, e);
                i = e;
            }
        }
    }

    /** An unquoted value that is a call or a lower-case identifier is code, not a literal secret. */
    private static boolean codeValue(String text, int v, int e) {
        if (e < text.length() && (text.charAt(e) == '(' || text.charAt(e) == '[')) {
            return true;
        }
        for (int i = v; i < e; i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c == '_' || c == '.' && i > v)) {
                return false;
            }
        }
        return e > v;
    }

    private static boolean isKeyChar(char c) {
        return Chars.isAsciiAlnum(c) || c == '_' || c == '-' || c == '.';
    }

    private static boolean endsWithSecretWord(String text, int s, int e) {
        for (String w : SECRET_KEY_SUFFIXES) {
            if (endsWith(text, s, e, w)) {
                int before = e - w.length() - 1;
                // the word stands alone or after a separator: "db_password", "DB.PASSWORD", "userPassword"
                if (before < s || !Chars.isAsciiLetter(text.charAt(before)) || Character.isLowerCase(text.charAt(before))
                        && Character.isUpperCase(text.charAt(before + 1))) {
                    return !w.equals("pass") || e - s == 4;
                }
            }
        }
        return false;
    }

    private static boolean endsWith(String text, int s, int e, String w) {
        return e - s >= w.length() && text.regionMatches(true, e - w.length(), w, 0, w.length());
    }

    private static boolean hasDigit(String text, int s, int e) {
        for (int i = s; i < e; i++) {
            if (Chars.isDigit(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** "***", "<password>", "${DB_PASSWORD}", "xxxx", "null", "your_password" and the like hold no secret. */
    private static boolean placeholder(String text, int s, int e) {
        char c = text.charAt(s);
        if (c == '*' || c == '<' || c == '$' || c == '{' || c == '%' || c == '[' || c == '(') {
            return true;
        }
        boolean allSame = true;
        for (int i = s + 1; i < e; i++) {
            allSame &= Character.toLowerCase(text.charAt(i)) == Character.toLowerCase(c);
        }
        if (allSame) {
            return true;
        }
        String v = text.substring(s, Math.min(e, s + 40)).toLowerCase(java.util.Locale.ROOT);
        return v.equals("null") || v.equals("none") || v.equals("true") || v.equals("false") || v.equals("password")
                || v.equals("secret") || v.equals("required") || v.equals("string") || v.equals("str")
                || v.startsWith("your") || v.startsWith("my_") || v.startsWith("example") || v.equals("undefined")
                || v.equals("env") || v.startsWith("os.") || v.startsWith("process.") || v.startsWith("getenv")
                || v.startsWith("self.") || v.startsWith("this.") || v.startsWith("config.") || v.startsWith("settings.");
    }

    /** Runs of token characters: known key shapes, passwords after "password", high-entropy tokens after cues. */
    private static void tokens(String text, SpanSet out) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (!isTokenChar(c)) {
                i++;
                continue;
            }
            int s = i;
            while (i < n && i - s < 4096 && isTokenChar(text.charAt(i))) {
                i++;
            }
            int e = i;
            while (e > s && (text.charAt(e - 1) == '.' || text.charAt(e - 1) == '-')) {
                e--;
            }
            if (e - s < 6 || out.claimed(s, e)) {
                continue;
            }
            if (e - s >= 16 && knownShape(text, s, e)) {
                out.add(DataClass.SECRET, s, e);
            } else if (e - s >= 20 && lettersAndDigits(text, s, e) && ENTROPY_CUES.before(text, s, 40)
                    && highEntropy(text, s, e)) {
                out.add(DataClass.SECRET, s, e);
            }
        }
    }

    /** Upper and lower case letters and digits: the mix of a random key, cheap to test first. */
    private static boolean lettersAndDigits(String text, int s, int e) {
        boolean up = false;
        boolean low = false;
        boolean digit = false;
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            up |= c >= 'A' && c <= 'Z';
            low |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
        }
        return digit && (up || low);
    }

    private static boolean isTokenChar(char c) {
        return Chars.isAsciiAlnum(c) || c == '_' || c == '-' || c == '.' || c == '+' || c == '/' || c == '=';
    }

    private static boolean knownShape(String text, int s, int e) {
        int len = e - s;
        if (len == 20 && (starts(text, s, "AKIA") || starts(text, s, "ASIA") || starts(text, s, "AGPA")
                || starts(text, s, "AIDA") || starts(text, s, "AROA") || starts(text, s, "ANPA")
                || starts(text, s, "AIPA") || starts(text, s, "ABIA") || starts(text, s, "ACCA"))) {
            return allMatch(text, s + 4, e, "UPPERDIGIT");
        }
        if ((starts(text, s, "ghp_") || starts(text, s, "gho_") || starts(text, s, "ghu_") || starts(text, s, "ghs_")
                || starts(text, s, "ghr_")) && len >= 40) {
            return allMatch(text, s + 4, e, "ALNUM");
        }
        if (starts(text, s, "github_pat_") && len >= 40) {
            return true;
        }
        if (starts(text, s, "glpat-") && len >= 26) {
            return true;
        }
        if (len >= 20 && (starts(text, s, "xoxb-") || starts(text, s, "xoxp-") || starts(text, s, "xoxa-")
                || starts(text, s, "xoxo-") || starts(text, s, "xoxs-") || starts(text, s, "xoxr-")
                || starts(text, s, "xoxe-") || starts(text, s, "xapp-"))) {
            return true;
        }
        if ((starts(text, s, "sk_live_") || starts(text, s, "sk_test_") || starts(text, s, "rk_live_")
                || starts(text, s, "rk_test_") || starts(text, s, "whsec_")) && len >= 24) {
            return true;
        }
        if (starts(text, s, "sk-") && len >= 32 && hasDigit(text, s, e)) {
            return mixedCase(text, s + 3, e);
        }
        if (starts(text, s, "AIza") && len == 39) {
            return true;
        }
        if (starts(text, s, "ya29.") && len >= 30) {
            return true;
        }
        if ((starts(text, s, "hf_") && len >= 34 || starts(text, s, "npm_") && len == 40) && mixedCase(text, s + 3, e)) {
            return true;
        }
        if (starts(text, s, "SG.") && len >= 60) {
            return true;
        }
        if ((starts(text, s, "shpat_") || starts(text, s, "shpss_") || starts(text, s, "shpca_")) && len == 38) {
            return true;
        }
        return jwt(text, s, e);
    }

    private static boolean jwt(String text, int s, int e) {
        if (!starts(text, s, "eyJ")) {
            return false;
        }
        int d1 = indexOf(text, ".", s, e);
        if (d1 < 0 || d1 >= e || d1 - s < 10 || !starts(text, d1 + 1, "eyJ")) {
            return false;
        }
        int d2 = indexOf(text, ".", d1 + 1, e);
        return d2 > 0 && d2 < e && d2 - d1 > 10 && e - d2 > 16;
    }

    private static boolean starts(String text, int s, String prefix) {
        return text.startsWith(prefix, s);
    }

    private static boolean allMatch(String text, int s, int e, String what) {
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            boolean ok = what.equals("UPPERDIGIT") ? c >= 'A' && c <= 'Z' || Chars.isDigit(c) : Chars.isAsciiAlnum(c);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean mixedCase(String text, int s, int e) {
        boolean up = false;
        boolean low = false;
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            up |= c >= 'A' && c <= 'Z';
            low |= c >= 'a' && c <= 'z';
        }
        return up && low;
    }

    /** At least 3.5 bits per char, and letters mixed with digits: random keys, not words or hex-free prose. */
    static boolean highEntropy(String text, int s, int e) {
        int[] counts = new int[128];
        int len = e - s;
        int digits = 0;
        int letters = 0;
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            if (c < 128) {
                counts[c]++;
            }
            if (Chars.isDigit(c)) {
                digits++;
            } else if (Chars.isAsciiLetter(c)) {
                letters++;
            }
        }
        if (digits == 0 || letters == 0 || looksLikePath(text, s, e)) {
            return false;
        }
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / len;
                h -= p * Math.log(p);
            }
        }
        return h / Math.log(2) >= 3.5;
    }

    private static boolean looksLikePath(String text, int s, int e) {
        int slashes = 0;
        for (int i = s; i < e; i++) {
            if (text.charAt(i) == '/') {
                slashes++;
            }
        }
        return slashes >= 2;
    }

    /** "password is Hunter2!", "his password 'Finance24Gov#'", "PIN: 4821": the word after a password word. */
    private static void passwordsInProse(String text, PiiTokens t, SpanSet out) {
        int n = text.length();
        for (int c = 0; c < t.size; c++) {
            if ((t.lex[c] & PiiLexicon.TRIGGER_PASSWORD) == 0) {
                continue;
            }
            // the next up to four whitespace-separated words
            int i = t.end[c];
            for (int w = 0; w < 4 && i < n; w++) {
                while (i < n && (Character.isWhitespace(text.charAt(i)) || text.charAt(i) == ':'
                        || text.charAt(i) == '=')) {
                    i++;
                }
                int s = i;
                if (s < n && "'\"‘“".indexOf(text.charAt(s)) >= 0) {
                    s++;
                }
                int e = s;
                while (e < n && e - s < 64 && !Character.isWhitespace(text.charAt(e))) {
                    e++;
                }
                int end = e;
                while (end > s && ".,;)'\"’”".indexOf(text.charAt(end - 1)) >= 0) {
                    end--;
                }
                if (end - s >= 6 && strongPassword(text, s, end) && !placeholder(text, s, end) && !out.claimed(s, end)
                        && passwordCue(text, i)) {
                    out.add(DataClass.SECRET, s, end);
                    break;
                }
                i = Math.max(e, i + 1);
            }
        }
    }

    /** Letters with digits or symbols, and nothing that reads as code ("pwd_field", "input(...)"). */
    private static boolean strongPassword(String text, int s, int e) {
        boolean letter = false;
        boolean digitOrSymbol = false;
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                letter = true;
            } else if (c == '(' || c == ')' || c == '"' || c == '@' || c == '/' || c == '=' || c == '[') {
                return false;
            } else if (c != '\'' && c != '-' && c != '_' && c != '.') {
                digitOrSymbol = true;
            }
        }
        return letter && digitOrSymbol;
    }

    private static boolean passwordCue(String text, int pos) {
        int k = pos;
        for (int step = 0; step < 3; step++) {
            while (k > 0 && " \t:='\"‘“-".indexOf(text.charAt(k - 1)) >= 0 && pos - k < 30) {
                k--;
            }
            if (PASSWORD_WORDS.distanceBefore(text, k, 30) == 0) {
                return true;
            }
            int w = k;
            while (w > 0 && Character.isLetter(text.charAt(w - 1))) {
                w--;
            }
            String word = text.substring(w, k).toLowerCase(java.util.Locale.ROOT);
            if (!(word.equals("is") || word.equals("was") || word.equals("of") || word.equals("with")
                    || word.equals("new") || word.equals("temporary") || word.equals("default") || word.equals("set")
                    || word.equals("to") || word.equals("as") || word.equals("the") || word.equals("his")
                    || word.equals("her") || word.equals("my") || word.equals("their") || word.equals("and"))) {
                return false;
            }
            k = w;
        }
        return false;
    }
}
