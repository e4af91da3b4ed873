package io.policyrouter.annotate;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Structural complexity from documented signals (docs/annotator.md): size, several questions, explicit steps,
 * constraints the answer must satisfy, code and math density. Each signal is in [0, 1]; the score is their
 * weighted sum; bands cut at {@value #MEDIUM_FROM} and {@value #HIGH_FROM}. One pass over at most
 * {@value #SCAN_LIMIT} characters; the token count covers the rest.
 */
public final class ComplexityEstimator {

    static final double MEDIUM_FROM = 0.30;
    static final double HIGH_FROM = 0.60;
    static final int SCAN_LIMIT = 16_384;

    private static final String[] CONSTRAINT_CUES = {"must", "should", "at least", "at most", "no more than",
            "exactly", "without", "only", "ensure", "make sure", "do not", "don't", "never", "always", "format",
            "必须", "不要", "至少"};
    private static final String[] STEP_CUES = {"first", "then", "next", "finally", "step", "afterwards",
            "首先", "然后", "最后"};

    public Complexity estimate(String text, int tokens, int questions) {
        if (text == null || text.isEmpty()) {
            return new Complexity(ComplexityBand.LOW, 0.0, Map.of());
        }
        int n = Math.min(text.length(), SCAN_LIMIT);
        int lines = 1, listLines = 0, codeChars = 0, mathChars = 0, digits = 0;
        boolean lineStart = true;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                lines++;
                lineStart = true;
                continue;
            }
            if (lineStart && !Character.isWhitespace(c)) {
                if (c == '-' || c == '*' || c == '•' || (Character.isDigit(c) && i + 1 < n
                        && (text.charAt(i + 1) == '.' || text.charAt(i + 1) == ')'))) {
                    listLines++;
                }
                lineStart = false;
            }
            switch (c) {
                case '{', '}', ';', '(', ')', '[', ']', '<', '>', '_', '`' -> codeChars++;
                case '=', '+', '^', '/', '\\', '∑', '∫', '√', '±', '≤', '≥' -> mathChars++;
                default -> {
                    if (Character.isDigit(c)) {
                        digits++;
                    }
                }
            }
        }
        String lower = text.substring(0, n).toLowerCase(Locale.ROOT);
        Map<String, Double> signals = new LinkedHashMap<>();
        signals.put("size", clamp(Math.log1p(tokens / 40.0) / Math.log1p(2000 / 40.0)));
        signals.put("questions", clamp((questions - 1) / 3.0));
        signals.put("steps", clamp((listLines + cues(lower, STEP_CUES)) / 6.0));
        signals.put("constraints", clamp(cues(lower, CONSTRAINT_CUES) / 5.0));
        signals.put("code", clamp(codeChars * 12.0 / n));
        signals.put("math", clamp((mathChars * 8.0 + digits * 2.0) / n));
        double score = clamp(0.30 * signals.get("size") + 0.10 * signals.get("questions")
                + 0.15 * signals.get("steps") + 0.15 * signals.get("constraints")
                + 0.15 * signals.get("code") + 0.15 * signals.get("math"));
        ComplexityBand band = score >= HIGH_FROM ? ComplexityBand.HIGH
                : score >= MEDIUM_FROM ? ComplexityBand.MEDIUM : ComplexityBand.LOW;
        return new Complexity(band, round(score), java.util.Collections.unmodifiableMap(signals));
    }

    private static int cues(String lower, String[] cues) {
        int hits = 0;
        for (String cue : cues) {
            int at = lower.indexOf(cue);
            while (at >= 0 && hits < 20) {
                boolean startOk = at == 0 || !Character.isLetter(lower.charAt(at - 1)) || cue.codePointAt(0) > 0x2E80;
                int end = at + cue.length();
                boolean endOk = end >= lower.length() || !Character.isLetter(lower.charAt(end))
                        || cue.codePointAt(0) > 0x2E80;
                if (startOk && endOk) {
                    hits++;
                }
                at = lower.indexOf(cue, end);
            }
        }
        return hits;
    }

    private static double clamp(double v) {
        return Math.max(0.0, Math.min(1.0, v));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
