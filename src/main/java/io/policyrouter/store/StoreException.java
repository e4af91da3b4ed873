package io.policyrouter.store;

/** The store could not be reached or refused an operation. */
public class StoreException extends RuntimeException {

    private final boolean refusedData;

    public StoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    StoreException(String message, Throwable cause, boolean refusedData) {
        super(message, cause);
        this.refusedData = refusedData;
    }

    /**
     * The store was reached and refused what was written (SQLSTATE class 22, a data exception such as a value too
     * long, or 23, a constraint): retrying the same records cannot succeed, unlike an outage.
     */
    public boolean refusedData() {
        return refusedData;
    }
}
