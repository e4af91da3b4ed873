package io.policyrouter.dispatch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A stream committed to one model: the chunks held back until the first content arrived (or, in a cascade, the whole
 * checked answer), then the rest as the provider sends them. Once a chunk has been handed out there is no failover:
 * a later failure ends the stream with an error event, so one response never mixes two models.
 */
public final class LiveStream implements AutoCloseable {

    /** Called exactly once when the stream ends, however it ends. */
    interface Ending {
        void ended(Outcome outcome, String detail, ObjectNode usage, int chunks);
    }

    /** The upstream failed after the first byte; {@link #event()} is the SSE error event to send. */
    public static final class Cut extends RuntimeException {
        private final transient ObjectNode event;

        Cut(String message, ObjectNode event) {
            super(message, null, false, false);
            this.event = event;
        }

        public ObjectNode event() {
            return event;
        }
    }

    private final Deque<ObjectNode> pending;
    private final ChunkStream upstream;
    private final String model;
    private final long idleTimeoutMs;
    private final Ending ending;
    private boolean ended;
    private ObjectNode usage;
    private int sent;

    LiveStream(List<ObjectNode> held, ChunkStream upstream, String model, long idleTimeoutMs, Ending ending) {
        this.pending = new ArrayDeque<>(held);
        this.upstream = upstream;
        this.model = model;
        this.idleTimeoutMs = idleTimeoutMs;
        this.ending = ending;
    }

    /** The next chunk ({@code model} set to the catalog id), or null after the last; throws {@link Cut}. */
    public ObjectNode next() {
        ObjectNode chunk = pending.poll();
        if (chunk == null) {
            try {
                chunk = upstream.next(idleTimeoutMs);
            } catch (ProviderException e) {
                String message = model + " failed after " + sent + " chunks were sent: " + e.getMessage();
                end(Outcome.STREAM_CUT, message);
                throw new Cut(message, errorEvent(message));
            }
        }
        if (chunk == null) {
            return null;
        }
        chunk.put("model", model);
        if (chunk.path("usage").isObject()) {
            usage = (ObjectNode) chunk.get("usage");
        }
        sent++;
        return chunk;
    }

    /** The client received everything, [DONE] included. */
    public void completed() {
        end(Outcome.OK, null);
    }

    public String model() {
        return model;
    }

    /** Ends the stream: a client that left mid-stream is recorded as such and the upstream call is cancelled. */
    @Override
    public void close() {
        end(Outcome.CLIENT_GONE, "the client left after " + sent + " chunks");
        upstream.close();
    }

    private void end(Outcome outcome, String detail) {
        if (!ended) {
            ended = true;
            upstream.close();
            ending.ended(outcome, detail, usage, sent);
        }
    }

    /** OpenAI's in-stream error shape; the openai SDKs raise it as an APIError. */
    static ObjectNode errorEvent(String message) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.putObject("error").put("message", message).put("type", "server_error").putNull("param")
                .put("code", "stream_interrupted");
        return event;
    }
}
