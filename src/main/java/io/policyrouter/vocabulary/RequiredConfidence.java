package io.policyrouter.vocabulary;

/** How sure the caller needs to be of the answer; the confidence-floor table turns this into minimum scores. */
public enum RequiredConfidence {
    LOW, STANDARD, HIGH, CRITICAL;

    public String wire() {
        return Wire.name(this);
    }

    public static RequiredConfidence fromWire(String text) {
        return Wire.parse(RequiredConfidence.class, text);
    }
}
