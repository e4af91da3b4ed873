package io.policyrouter.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A chat-completions backend, called without holding a thread: every call returns at once and reports later, on the
 * Vert.x context it was made from, never from inside the call itself. Failures arrive as an already classified
 * {@link ProviderException}; the chain runner applies timeouts, the circuit breaker and the failover rules, so
 * adapters stay thin.
 */
public interface ChatProvider {

    /** "openai" or "simulated", for logs and the start-up summary. */
    String kind();

    /** A non-streaming chat completion (OpenAI response shape); exactly one callback, unless cancelled first. */
    Call complete(ProviderCall call, Completion done);

    /**
     * Streamed chunks (OpenAI chat.completion.chunk shape, [DONE] not passed on), then {@link ChunkSink#ended} or
     * {@link ChunkSink#failed}; the returned handle pauses and resumes the flow (backpressure) or cancels it.
     */
    Upstream stream(ProviderCall call, ChunkSink sink);

    /** What both kinds of call report before anything else. */
    interface Identified {
        /** The provider's own id for the call (x-request-id), as soon as its answer's head arrived; not when none. */
        default void identified(String upstreamRequestId) {
        }
    }

    interface Completion extends Identified {
        void answered(ObjectNode body);

        void failed(ProviderException e);
    }

    interface ChunkSink extends Identified {
        void chunk(ObjectNode chunk);

        void ended();

        void failed(ProviderException e);
    }

    /** A call in flight. */
    interface Call {
        /**
         * Stops the call and frees what it holds (idempotent); no callback follows. A connection that was mid-answer is
         * closed; one that had finished its answer is left to the pool.
         */
        void cancel();
    }

    /** A stream in flight: a paused stream delivers at most what it had already read, then waits. */
    interface Upstream extends Call {
        void pause();

        void resume();
    }
}
