package io.policyrouter.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The CPU one relayed stream chunk costs in the router's own code, without sockets (docs/benchmarks.md): the provider's
 * bytes through {@link SseDecoder}, the event parsed as the provider client parses it, and written back as the
 * response writer writes it ({@code data: <json>\n\n}). Set against the 0.2–0.3 ms per chunk the 5,000-stream load
 * test measures for the whole process, it says how much of that is this code and how much the network path.
 * Run: mvn -q test-compile exec:exec@bench -Dbench=RelayChunkBenchmark
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class RelayChunkBenchmark {

    /** An OpenAI chat.completion.chunk as providers send it, one token of content. */
    static final String CHUNK = "data: {\"id\":\"chatcmpl-9xYz\",\"object\":\"chat.completion.chunk\",\"created\":1733212800,"
            + "\"model\":\"gpt-4.1\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"delta\":"
            + "{\"content\":\" routing\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n";
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper json = new ObjectMapper();
    private Buffer wire;
    private SseDecoder decoder;
    private Buffer out;

    @Setup
    public void setUp() {
        wire = Buffer.buffer(CHUNK);
        decoder = new SseDecoder(this::relay, 1 << 20);
    }

    private void relay(String data) {
        try {
            JsonNode chunk = json.readTree(data);
            byte[] body = json.writeValueAsBytes((ObjectNode) chunk);
            out = Buffer.buffer(DATA.length + body.length + END.length).appendBytes(DATA).appendBytes(body)
                    .appendBytes(END);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decode, parse and re-encode one chunk. */
    @Benchmark
    public Buffer decodeParseWrite() {
        decoder.feed(wire);
        return out;
    }

    /** The SSE framing alone (the event handed on as a String). */
    @Benchmark
    public int decodeOnly() {
        int[] n = new int[1];
        new SseDecoder(s -> n[0] = s.length(), 1 << 20).feed(wire);
        return n[0];
    }
}
