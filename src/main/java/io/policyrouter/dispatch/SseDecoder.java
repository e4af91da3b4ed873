package io.policyrouter.dispatch;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Server-sent events out of the bytes of a response, as they arrive: each event's {@code data:} lines (joined by
 * newlines) go to the consumer when the blank line that ends the event is read. Events may be split anywhere across
 * buffers, including inside a UTF-8 sequence or a CRLF; comments and other fields are ignored (WHATWG
 * "event stream interpretation"). An event larger than {@code maxEventBytes} is a malformed stream.
 */
final class SseDecoder {

    private final Consumer<String> events;
    private final int maxEventBytes;
    private byte[] line = new byte[256];
    private int lineLength;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private boolean lastWasCr;
    private int eventBytes;

    SseDecoder(Consumer<String> events, int maxEventBytes) {
        this.events = events;
        this.maxEventBytes = maxEventBytes;
    }

    /** Feeds bytes; IllegalStateException when one event exceeds the limit. */
    void feed(Buffer buffer) {
        int n = buffer.length();
        for (int i = 0; i < n; i++) {
            byte b = buffer.getByte(i);
            if (b == '\n' && lastWasCr) {
                lastWasCr = false; // CRLF: the CR already ended the line
                continue;
            }
            lastWasCr = b == '\r';
            if (b == '\n' || b == '\r') {
                endLine();
            } else {
                if (lineLength == line.length) {
                    byte[] bigger = new byte[line.length * 2];
                    System.arraycopy(line, 0, bigger, 0, lineLength);
                    line = bigger;
                }
                line[lineLength++] = b;
                if (++eventBytes > maxEventBytes) {
                    throw new IllegalStateException("an event of more than " + maxEventBytes + " bytes");
                }
            }
        }
    }

    private void endLine() {
        if (lineLength == 0) {
            if (hasData) {
                events.accept(data.toString());
            }
            data.setLength(0);
            hasData = false;
            eventBytes = 0;
            return;
        }
        if (lineLength >= 5 && line[0] == 'd' && line[1] == 'a' && line[2] == 't' && line[3] == 'a'
                && line[4] == ':') {
            int from = lineLength > 5 && line[5] == ' ' ? 6 : 5;
            if (hasData) {
                data.append('\n');
            }
            data.append(new String(line, from, lineLength - from, StandardCharsets.UTF_8));
            hasData = true;
        }
        lineLength = 0;
    }
}
