package io.policyrouter.dispatch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A slow client slows the provider down: the relay buffers a bounded number of chunks, never a whole answer. */
class LiveStreamTest {

    static final class Upstream implements ChatProvider.Upstream {
        boolean paused;
        boolean cancelled;

        @Override
        public void pause() {
            paused = true;
        }

        @Override
        public void resume() {
            paused = false;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    static ObjectNode chunk(String text, String finish) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        ObjectNode choice = c.putArray("choices").addObject();
        choice.putObject("delta").put("content", text);
        choice.put("finish_reason", finish);
        return c;
    }

    @Test
    void aPausedClientPausesTheProviderAndResumingDrainsInOrder() {
        List<String> outcomes = new ArrayList<>();
        LiveStream live = new LiveStream(List.of(chunk("a", null)), "m", 0, null, true,
                (outcome, detail, usage, chunks) -> outcomes.add(outcome + ":" + chunks));
        Upstream upstream = new Upstream();
        live.attach(upstream, false);
        List<String> received = new ArrayList<>();
        boolean[] done = {false};
        live.start(new LiveStream.Downstream() {
            @Override
            public void chunk(ObjectNode chunk) {
                received.add(chunk.path("choices").path(0).path("delta").path("content").asText());
            }

            @Override
            public void done() {
                done[0] = true;
            }

            @Override
            public void cut(ObjectNode event) {
                throw new AssertionError("no cut expected");
            }
        });
        assertEquals(List.of("a"), received);
        live.pause(); // the client's connection is full
        assertTrue(upstream.paused, "the provider is paused with the client");
        for (int i = 0; i < 100; i++) {
            live.chunk(chunk("b" + i, null)); // what the provider had already read
        }
        assertEquals(1, received.size(), "nothing is written to a paused client");
        live.resume();
        assertEquals(101, received.size());
        assertFalse(upstream.paused, "drained: the provider resumes");
        live.chunk(chunk("", "stop"));
        live.upstreamEnded();
        assertTrue(done[0]);
        assertEquals(List.of("OK:102"), outcomes);
        assertFalse(upstream.cancelled, "a finished stream leaves its connection to the pool");
    }

    @Test
    void manyChunksWaitingForTheClientPauseTheProvider() {
        LiveStream live = new LiveStream(List.of(), "m", 0, null, true, (o, d, u, c) -> { });
        Upstream upstream = new Upstream();
        live.attach(upstream, false);
        // no downstream yet (headers not written): chunks queue up to the high-water mark, then the provider waits
        for (int i = 0; i < 64; i++) {
            live.chunk(chunk("x", null));
        }
        assertTrue(upstream.paused);
    }

    @Test
    void aStreamEndingWithoutFinishReasonIsCutNotCompleted() {
        List<String> outcomes = new ArrayList<>();
        LiveStream live = new LiveStream(List.of(chunk("a", null)), "m", 0, null, true,
                (outcome, detail, usage, chunks) -> outcomes.add(outcome.wire()));
        live.attach(new Upstream(), false);
        ObjectNode[] cut = {null};
        live.start(new LiveStream.Downstream() {
            @Override
            public void chunk(ObjectNode chunk) {
            }

            @Override
            public void done() {
                throw new AssertionError("a truncated answer must not end with [DONE]");
            }

            @Override
            public void cut(ObjectNode event) {
                cut[0] = event;
            }
        });
        live.upstreamEnded();
        assertEquals("stream_interrupted", cut[0].path("error").path("code").asText());
        assertEquals(List.of("stream_cut"), outcomes);
    }
}
