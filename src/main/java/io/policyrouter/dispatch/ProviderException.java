package io.policyrouter.dispatch;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;

/**
 * A provider call that did not produce an answer, classified once (by the provider adapter) into an {@link Outcome}.
 * Carries the upstream status and error body so a client error can be returned as is.
 */
public class ProviderException extends RuntimeException {

    private final Outcome outcome;
    private final Integer status;
    private final transient JsonNode body;
    private final Duration retryAfter;

    public ProviderException(Outcome outcome, Integer status, String message, JsonNode body, Duration retryAfter) {
        super(message, null, false, false); // control flow, not a bug: no stack trace
        this.outcome = outcome;
        this.status = status;
        this.body = body;
        this.retryAfter = retryAfter;
    }

    public static ProviderException http(int status, JsonNode body, Duration retryAfter) {
        JsonNode error = body == null ? null : body.path("error");
        String code = error == null ? null : error.path("code").asText(null);
        String message = error == null ? null : error.path("message").asText(null);
        return new ProviderException(Outcome.ofStatus(status, code, message), status,
                "HTTP " + status + (message == null ? "" : ": " + message), body, retryAfter);
    }

    public static ProviderException of(Outcome outcome, String message) {
        return new ProviderException(outcome, null, message, null, null);
    }

    public Outcome outcome() {
        return outcome;
    }

    public Integer status() {
        return status;
    }

    /** The upstream error body (OpenAI shape when the provider follows it), or null. */
    public JsonNode body() {
        return body;
    }

    /** The provider's Retry-After, or null when it sent none. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
