package io.policyrouter.catalog;

/** The catalog cannot be used; the message names the model and the field so the operator can fix the file. */
public class CatalogException extends RuntimeException {
    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
