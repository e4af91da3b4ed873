package io.policyrouter.annotate;

import io.policyrouter.Wire;

public enum ComplexityBand {
    LOW, MEDIUM, HIGH;

    public String wire() {
        return Wire.name(this);
    }
}
