package io.policyrouter.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A chat-completions backend. Failures arrive as {@link ProviderException} (already classified); the chain runner
 * applies timeouts, the circuit breaker and the failover rules, so adapters stay thin.
 */
public interface ChatProvider {

    /** "openai" or "simulated", for logs and the start-up summary. */
    String kind();

    /** A non-streaming chat completion (OpenAI response shape). */
    Uni<ObjectNode> complete(ProviderCall call);

    /** Streamed chunks (OpenAI chat.completion.chunk shape), completing after the last one ([DONE] is not emitted). */
    Multi<ObjectNode> stream(ProviderCall call);
}
