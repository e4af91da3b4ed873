package io.policyrouter.service;

import java.time.Duration;

/** The replica cannot take the request now; answered 503 with Retry-After, never queued. */
public class OverloadedException extends RuntimeException {

    private final transient Duration retryAfter;

    public OverloadedException(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
