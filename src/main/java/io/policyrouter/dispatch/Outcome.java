package io.policyrouter.dispatch;

import java.util.Locale;

/**
 * What one step of the chain came to. The outcome alone decides what the chain runner does next, so the failure
 * semantics live in one place: {@link #action()} and {@link #tripsBreaker()}.
 */
public enum Outcome {
    /** An answer (non-streaming) or a committed stream. */
    OK(Action.RETURN, false),
    /** 400/422 and other 4xx: the same request fails the same way elsewhere — returned as is. */
    CLIENT_ERROR(Action.RETURN, false),
    /**
     * 401/403/404: the provider refuses the router's own key, or does not know the model name the catalog maps to.
     * The router's configuration is wrong, not the request: another provider can answer, and the caller must not be
     * told its key is invalid. Fails over; not an outage, so the breaker does not count it (an operator must act, and
     * the error log and {@code router_dispatch_attempts_total{outcome="provider_rejected"}} say so).
     */
    PROVIDER_REJECTED(Action.FAIL_OVER, false),
    /** A 400 saying the prompt exceeds the model's window: only a model with a larger window can help. */
    CONTEXT_LENGTH(Action.LARGER_WINDOW, false),
    /** 429: back off honouring Retry-After within the budget, then fail over. Not a provider fault. */
    RATE_LIMITED(Action.BACK_OFF, false),
    /** 503: the provider says it is overloaded or down. */
    UNAVAILABLE(Action.FAIL_OVER, true),
    /** Other 5xx. */
    SERVER_ERROR(Action.FAIL_OVER, true),
    /** No answer (or first streamed chunk) within the attempt timeout; 408 too. */
    TIMEOUT(Action.FAIL_OVER, true),
    /** Refused, reset or dropped connection; DNS or TLS failure. */
    CONNECTION_ERROR(Action.FAIL_OVER, true),
    /** A 2xx whose body is not a chat completion, or a stream that ends before any finish_reason. */
    BAD_RESPONSE(Action.FAIL_OVER, true),
    /** A stream failed after its first byte reached the client: ended with an error event, never switched. */
    STREAM_CUT(Action.RETURN, true),
    /** Cascade only: the answer failed a documented check and the next step is tried. */
    CHECK_FAILED(Action.FAIL_OVER, false),
    /** Skipped without an attempt: the provider is at its in-flight limit (ours, not its fault). */
    SHED(Action.FAIL_OVER, false),
    /** Skipped without an attempt: the provider's circuit breaker is open. */
    CIRCUIT_OPEN(Action.FAIL_OVER, false),
    /** Skipped without an attempt: the request's deadline has passed. */
    DEADLINE(Action.FAIL_OVER, false),
    /** Skipped without an attempt: after a context-length error, this model's window is not larger. */
    WINDOW_TOO_SMALL(Action.FAIL_OVER, false),
    /** Skipped without an attempt: the step is not a compliant member of the decision's chain (a bug guard). */
    BLOCKED(Action.FAIL_OVER, false),
    /** The client went away mid-stream. */
    CLIENT_GONE(Action.RETURN, false);

    enum Action { RETURN, FAIL_OVER, BACK_OFF, LARGER_WINDOW }

    private final Action action;
    private final boolean tripsBreaker;

    Outcome(Action action, boolean tripsBreaker) {
        this.action = action;
        this.tripsBreaker = tripsBreaker;
    }

    Action action() {
        return action;
    }

    /** Counted as a failure by the provider's circuit breaker; every other outcome counts as a success. */
    public boolean tripsBreaker() {
        return tripsBreaker;
    }

    /** Skipped steps made no call to the provider. */
    public boolean skipped() {
        return this == CIRCUIT_OPEN || this == DEADLINE || this == WINDOW_TOO_SMALL || this == BLOCKED || this == SHED;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Classifies an upstream HTTP error status (and, for 400, the OpenAI error code). */
    public static Outcome ofStatus(int status, String errorCode, String message) {
        if (status == 400 && isContextLength(errorCode, message)) {
            return CONTEXT_LENGTH;
        }
        if (status == 408) {
            return TIMEOUT;
        }
        if (status == 429) {
            return RATE_LIMITED;
        }
        if (status == 503) {
            return UNAVAILABLE;
        }
        if (status >= 500) {
            return SERVER_ERROR;
        }
        if (status == 401 || status == 403 || status == 404) {
            return PROVIDER_REJECTED;
        }
        return status >= 400 ? CLIENT_ERROR : BAD_RESPONSE;
    }

    private static boolean isContextLength(String code, String message) {
        if ("context_length_exceeded".equals(code)) {
            return true;
        }
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return m.contains("maximum context length") || m.contains("context window") || m.contains("context_length");
    }
}
