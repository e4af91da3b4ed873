package io.policyrouter;

import java.util.Locale;

/** How sure the caller needs to be of the answer; the confidence-floor table turns this into minimum scores. */
public enum RequiredConfidence {
    LOW, STANDARD, HIGH, CRITICAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RequiredConfidence fromWire(String text) {
        if (text == null) {
            return null;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
