package io.policyrouter.service;

/** A call refused for its credential: 401 when it has none (or one nobody configured), 403 when it may not do this. */
public abstract class AuthException extends RuntimeException {

    private final int status;

    protected AuthException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
