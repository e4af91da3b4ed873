package io.policyrouter.vocabulary;


public enum ComplexityBand {
    LOW, MEDIUM, HIGH;

    public String wire() {
        return Wire.name(this);
    }
}
