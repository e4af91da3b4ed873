package io.policyrouter.service;

import java.time.Duration;

/** A client key made more routing calls than its requests-per-minute allow (429 with Retry-After). */
public class ClientRateLimitedException extends RuntimeException {

    private final transient Duration retryAfter;

    public ClientRateLimitedException(String client, Duration retryAfter) {
        super("client key '" + client + "' is over its request rate (router.client-keys.clients." + client
                + ".requests-per-minute); retry in " + Math.max(1, (retryAfter.toMillis() + 999) / 1000) + " s",
                null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
