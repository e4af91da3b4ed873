package io.policyrouter.service;

/** What needs the decision store (lookup, shadow report, promotion) cannot be done now: 503. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message) {
        super(message);
    }
}
