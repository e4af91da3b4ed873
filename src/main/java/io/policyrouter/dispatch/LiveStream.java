package io.policyrouter.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A stream committed to one model: the chunks held back until its first content arrived (or, in a cascade, the whole
 * checked answer), then the rest as the provider sends them, at the pace the client reads. Once a chunk has been
 * handed out there is no failover: a later failure ends the stream with an error event, so one response never mixes
 * two models. Runs on one Vert.x context; nothing here blocks.
 *
 * <p>Backpressure: when the client's connection cannot take more, the writer pauses this stream, which pauses the
 * provider's connection; at most what one read brought in is buffered, never a whole answer.
 */
public final class LiveStream {

    /** Where the relayed stream goes (the HTTP response). */
    public interface Downstream {
        void chunk(ObjectNode chunk);

        /** The provider finished; the client should get [DONE]. */
        void done();

        /** The provider failed after the first byte; {@code event} is the SSE error event to send last. */
        void cut(ObjectNode event);
    }

    /** Called exactly once when the stream ends, however it ends. */
    interface Ending {
        void ended(Outcome outcome, String detail, ObjectNode usage, int chunks);
    }

    /** Above this many chunks waiting for the client the provider is paused too. */
    private static final int HIGH_WATER = 64;

    private final Deque<ObjectNode> pending;
    private final String model;
    private final long idleTimeoutMs;
    private final Vertx vertx;
    private final Ending ending;
    private final boolean relayUsage;
    private ChatProvider.Upstream upstream;
    private Downstream downstream;
    private boolean paused;
    private boolean upstreamPaused;
    private boolean upstreamEnded;
    private ProviderException upstreamFailed;
    private boolean finished;
    private boolean ended;
    private ObjectNode usage;
    private int sent;
    private long lastUpstreamNanos = System.nanoTime();
    private long idleTimer = -1;

    /**
     * @param relayUsage the caller asked for the usage chunk (stream_options.include_usage); when it did not, a chunk
     *                   that only carries usage (no choices) is read for the cost and not passed on
     */
    LiveStream(List<ObjectNode> held, String model, long idleTimeoutMs, Vertx vertx, boolean relayUsage,
               Ending ending) {
        this.relayUsage = relayUsage;
        this.pending = new ArrayDeque<>(held);
        this.model = model;
        this.idleTimeoutMs = idleTimeoutMs;
        this.vertx = vertx;
        this.ending = ending;
        held.forEach(this::noteFinish);
    }

    /** The provider's stream, attached at commit (it may already have ended: a checked cascade answer). */
    void attach(ChatProvider.Upstream upstream, boolean alreadyEnded) {
        this.upstream = upstream;
        this.upstreamEnded = alreadyEnded;
        if (!alreadyEnded) {
            armIdleTimer();
        }
    }

    public String model() {
        return model;
    }

    /** Starts relaying: the held chunks first, then the live ones. */
    public void start(Downstream d) {
        this.downstream = d;
        drain();
    }

    /** The client's connection is full: stop until {@link #resume()}. */
    public void pause() {
        paused = true;
        pauseUpstream();
    }

    public void resume() {
        paused = false;
        drain();
    }

    /** The client left: the provider call is cancelled and the stream recorded as such. */
    public void clientGone() {
        end(Outcome.CLIENT_GONE, "the client left after " + sent + " chunks");
    }

    // ------------------------------------------------------------------ from the provider (same context)

    void chunk(ObjectNode chunk) {
        lastUpstreamNanos = System.nanoTime();
        noteFinish(chunk);
        pending.add(chunk);
        if (pending.size() >= HIGH_WATER) {
            pauseUpstream();
        }
        drain();
    }

    void upstreamEnded() {
        upstreamEnded = true;
        drain();
    }

    void upstreamFailed(ProviderException e) {
        upstreamFailed = e;
        drain();
    }

    // ------------------------------------------------------------------ relaying

    private void drain() {
        if (ended || downstream == null) {
            return;
        }
        while (!paused && !pending.isEmpty()) {
            ObjectNode chunk = pending.poll();
            chunk.put("model", model);
            if (chunk.path("usage").isObject()) {
                usage = (ObjectNode) chunk.get("usage");
                if (!relayUsage && chunk.path("choices").isEmpty()) {
                    continue; // asked for by the router, not by the caller, whose client may expect choices[0]
                }
            }
            sent++;
            downstream.chunk(chunk);
            if (ended) {
                return;
            }
        }
        if (paused) {
            return;
        }
        if (upstreamFailed != null) {
            cut(Outcome.STREAM_CUT, model + " failed after " + sent + " chunks were sent: "
                    + upstreamFailed.getMessage());
        } else if (upstreamEnded) {
            if (!finished) {
                cut(Outcome.STREAM_CUT, model + "'s stream ended after " + sent + " chunks without a finish_reason");
            } else {
                end(Outcome.OK, null);
                downstream.done();
            }
        } else if (upstreamPaused) {
            upstreamPaused = false;
            upstream.resume();
        }
    }

    private void cut(Outcome outcome, String message) {
        end(outcome, message);
        downstream.cut(errorEvent(message));
    }

    private void pauseUpstream() {
        if (!upstreamPaused && !upstreamEnded && upstream != null) {
            upstreamPaused = true;
            upstream.pause();
        }
    }

    /** The longest gap allowed between two of the provider's chunks; time the client makes us wait does not count. */
    private void armIdleTimer() {
        if (idleTimeoutMs <= 0 || vertx == null) {
            return;
        }
        idleTimer = vertx.setTimer(idleTimeoutMs, id -> {
            idleTimer = -1;
            if (ended || upstreamEnded || upstreamFailed != null) {
                return;
            }
            long idleMs = (System.nanoTime() - lastUpstreamNanos) / 1_000_000L;
            if (upstreamPaused || idleMs < idleTimeoutMs) {
                armIdleTimer();
                return;
            }
            upstreamFailed = ProviderException.of(Outcome.TIMEOUT, model + " sent no chunk for " + idleMs + " ms");
            upstream.cancel();
            drain();
        });
    }

    private void noteFinish(ObjectNode chunk) {
        for (JsonNode c : chunk.path("choices")) {
            finished |= c.hasNonNull("finish_reason");
        }
    }

    private void end(Outcome outcome, String detail) {
        if (!ended) {
            ended = true;
            if (idleTimer >= 0) {
                vertx.cancelTimer(idleTimer);
            }
            if (upstream != null && (outcome != Outcome.OK || !upstreamEnded)) {
                upstream.cancel();
            }
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
