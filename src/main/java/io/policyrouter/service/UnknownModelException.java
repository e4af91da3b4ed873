package io.policyrouter.service;

/** The caller pinned a model the catalog does not have. */
public class UnknownModelException extends RuntimeException {

    private final String model;

    public UnknownModelException(String model) {
        super("The model '" + model + "' does not exist; GET /v1/models lists the catalog, or use \"auto\"");
        this.model = model;
    }

    public String model() {
        return model;
    }
}
