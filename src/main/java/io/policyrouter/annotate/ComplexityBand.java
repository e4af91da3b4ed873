package io.policyrouter.annotate;

import java.util.Locale;

public enum ComplexityBand {
    LOW, MEDIUM, HIGH;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
