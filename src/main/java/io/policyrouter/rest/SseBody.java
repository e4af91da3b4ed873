package io.policyrouter.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.policyrouter.dispatch.LiveStream;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * A committed stream as OpenAI's server-sent events: {@code data: <chunk>} per chunk, then {@code data: [DONE]}; a
 * failure after the first byte ends it with {@code data: {"error": ...}} instead. Each event is flushed at once.
 * A client that left is noticed before the next event (writes to a closed connection do not fail here), so the
 * provider call is cancelled instead of running to its end.
 */
final class SseBody implements StreamingOutput {

    private final LiveStream stream;
    private final BooleanSupplier clientGone;

    SseBody(LiveStream stream, BooleanSupplier clientGone) {
        this.stream = stream;
        this.clientGone = clientGone;
    }

    @Override
    public void write(OutputStream out) throws IOException {
        try (LiveStream s = stream) {
            try {
                for (ObjectNode chunk = s.next(); chunk != null; chunk = s.next()) {
                    send(out, chunk.toString());
                }
                send(out, "[DONE]");
                s.completed();
            } catch (LiveStream.Cut cut) {
                send(out, cut.event().toString());
            }
        } catch (IOException clientGone) {
            // The client left: LiveStream.close() recorded it and cancelled the provider call; nothing to answer.
        }
    }

    private void send(OutputStream out, String data) throws IOException {
        if (clientGone.getAsBoolean()) {
            throw new IOException("the client closed the connection");
        }
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
