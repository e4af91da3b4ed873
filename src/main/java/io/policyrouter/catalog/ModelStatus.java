package io.policyrouter.catalog;

import io.policyrouter.vocabulary.Wire;


/** Only active models are routed to; deprecated and disabled ones stay listed so old decisions remain explainable. */
public enum ModelStatus {
    ACTIVE, DEPRECATED, DISABLED;

    public String wire() {
        return Wire.name(this);
    }
}
