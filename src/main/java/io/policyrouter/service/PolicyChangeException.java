package io.policyrouter.service;

/** A policy change that cannot be made in the current state (nothing to promote or roll back to): 409. */
public class PolicyChangeException extends RuntimeException {

    public PolicyChangeException(String message) {
        super(message);
    }
}
