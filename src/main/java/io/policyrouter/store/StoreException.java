package io.policyrouter.store;

/** The store could not be reached or refused an operation. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
