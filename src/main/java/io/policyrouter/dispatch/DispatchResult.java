package io.policyrouter.dispatch;

import io.policyrouter.policy.Decision;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;

/** How a dispatched request ended; the REST layer turns each kind into its wire form. */
public sealed interface DispatchResult {

    Decision decision();

    List<Attempt> attempts();

    /** Calls actually made (skipped steps excluded): the x-route-attempts header. */
    default long calls() {
        return attempts().stream().filter(Attempt::called).count();
    }

    /** A completion from {@code served}, its {@code model} already set to the catalog id. */
    record Answered(Decision decision, Decision.Target served, ObjectNode body, List<Attempt> attempts)
            implements DispatchResult {
    }

    /** A stream committed to {@code served}: its first content has arrived, nothing has been sent yet. */
    record Streaming(Decision decision, Decision.Target served, LiveStream stream, List<Attempt> attempts)
            implements DispatchResult {
    }

    /** A provider's client error (4xx), returned as is: retrying elsewhere would fail the same way. */
    record UpstreamError(Decision decision, Decision.Target served, int status, JsonNode body, List<Attempt> attempts)
            implements DispatchResult {
    }

    /** No step of the chain produced an answer: 502, 503 or 504 (see {@link ChainRunner#exhausted}). */
    record Exhausted(Decision decision, int status, String code, String message, Duration retryAfter,
                     List<Attempt> attempts) implements DispatchResult {
    }
}
