package io.policyrouter.annotate.pii;

import java.util.List;

/** Replaces every detected PII value by its class name, before any truncation (a cut value must not leak). */
public final class PiiMasker {

    private final PiiDetector detector;

    public PiiMasker(PiiDetector detector) {
        this.detector = detector;
    }

    public String mask(String text, int maxChars) {
        if (text == null || text.isEmpty() || maxChars <= 0) {
            return "";
        }
        List<PiiSpan> spans = detector.detect(text);
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars + 16));
        int at = 0;
        for (PiiSpan s : spans.stream().sorted(java.util.Comparator.comparingInt(PiiSpan::start)).toList()) {
            if (s.start() < at) {
                at = Math.max(at, s.end()); // overlapping spans of different classes: already masked
                continue;
            }
            out.append(text, at, s.start()).append('[').append(s.type().name()).append(']');
            at = s.end();
            if (out.length() >= maxChars) {
                break;
            }
        }
        if (at < text.length() && out.length() < maxChars) {
            out.append(text, at, Math.min(text.length(), at + maxChars - out.length()));
        }
        return out.length() > maxChars ? out.substring(0, maxChars) + "…" : out.toString();
    }
}
