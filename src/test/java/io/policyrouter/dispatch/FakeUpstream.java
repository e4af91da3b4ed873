package io.policyrouter.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible upstream on a raw socket, so the HTTP provider meets real wire failures: status codes with
 * Retry-After, a connection closed before any response, a chunked SSE stream cut without its last chunk, a slow
 * answer, a stream that drips for seconds, a body that is not JSON. The behaviour is chosen by a "[fake:...]" marker
 * in the last user message; the normal answer echoes what arrived (upstream model name, auth, extra header, metadata,
 * stream flag, trace context), and every answer has an x-request-id. Configures provider "selfhosted" (llama-3.3-70b, qwen2.5-coder-32b) to call it.
 */
public class FakeUpstream implements QuarkusTestResourceLifecycleManager {

    static final String KEY_ENV = "POLICY_ROUTER_TEST_KEY";
    static final String UPSTREAM_LLAMA = "meta-llama/Llama-3.3-70B-Instruct";
    /** The x-request-id of every answer, as OpenAI sends one. */
    static final String REQUEST_ID = "req_fake_0123456789abcdef";

    private final ObjectMapper json = new ObjectMapper();
    private ServerSocket server;
    private ExecutorService pool;

    @Override
    public Map<String, String> start() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-upstream");
            t.setDaemon(true);
            return t;
        });
        pool.submit(this::accept);
        Map<String, String> config = new TreeMap<>();
        config.put("router.providers.selfhosted.kind", "openai");
        config.put("router.providers.selfhosted.base-url", "http://127.0.0.1:" + server.getLocalPort() + "/v1/");
        config.put("router.providers.selfhosted.api-key-env", KEY_ENV);
        config.put("router.providers.selfhosted.models.\"llama-3.3-70b\"", UPSTREAM_LLAMA);
        config.put("router.providers.selfhosted.headers.X-Caller", "policy-router");
        config.put("router.providers.selfhosted.read-timeout", "5s");
        return config;
    }

    @Override
    public void stop() {
        try {
            server.close();
        } catch (IOException ignored) {
            // shutting down
        }
        pool.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                pool.submit(() -> handle(s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void handle(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
                }
            }
            byte[] body = readBody(in, headers);
            OutputStream out = socket.getOutputStream();
            if (!lines[0].startsWith("POST /v1/chat/completions ")) {
                respond(out, 404, "{\"error\":{\"message\":\"no route " + lines[0]
                        + "\",\"type\":\"invalid_request_error\"}}", "");
                return;
            }
            if (!("Bearer " + System.getenv(KEY_ENV)).equals(headers.get("Authorization"))) {
                respond(out, 401, "{\"error\":{\"message\":\"bad key\",\"type\":\"invalid_request_error\","
                        + "\"code\":\"invalid_api_key\"}}", "");
                return;
            }
            ObjectNode request = (ObjectNode) json.readTree(body);
            String marker = marker(request);
            boolean stream = request.path("stream").asBoolean(false);
            switch (marker) {
                case "503" -> respond(out, 503, error("overloaded", "server_error"), "");
                case "429" -> respond(out, 429, error("slow down", "rate_limit_exceeded"),
                        "retry-after-ms: 40\r\nRetry-After: 1\r\n");
                case "400" -> respond(out, 400, "{\"error\":{\"message\":\"temperature must be <= 2\","
                        + "\"type\":\"invalid_request_error\",\"param\":\"temperature\","
                        + "\"code\":\"invalid_value\"}}", "");
                case "401" -> respond(out, 401, "{\"error\":{\"message\":\"Incorrect API key provided\","
                        + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}", "");
                case "drop" -> socket.setSoLinger(true, 0); // RST without a byte of response
                case "garbage" -> respondRaw(out, 200, "text/html", "<html>gateway says hi</html>", "");
                case "strict" -> { // a server that refuses fields it does not know, as some vendors' APIs do
                    if (request.has("stream_options")) {
                        respond(out, 422, "{\"detail\":[{\"type\":\"extra_forbidden\",\"loc\":[\"body\","
                                + "\"stream_options\"],\"msg\":\"Extra inputs are not permitted\"}]}", "");
                    } else {
                        stream(out, socket, request, headers, false, 0);
                    }
                }
                case "bad-chunk" -> { // chunked framing that does not parse: the HTTP decoder fails, not the JSON
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                            + "\r\nzz\r\n{}\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(200);
                }
                case "no-choices" -> respond(out, 200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[]}", "");
                case "endless" -> { // a 200 that never ends: chunks until the reader hangs up
                    out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = ("10000\r\n" + "a".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                    while (true) { // ended by the reader closing the connection (an IOException here)
                        out.write(chunk);
                    }
                }
                case "slow" -> {
                    Thread.sleep(1_500);
                    respond(out, 200, completion(request, headers).toString(), "");
                }
                default -> {
                    if (stream) {
                        stream(out, socket, request, headers, marker.equals("cut"), marker.equals("drip") ? 600 : 0);
                    } else {
                        respond(out, 200, completion(request, headers).toString(), "");
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away (timeouts, cancellations): nothing to do
        }
    }

    private static String marker(ObjectNode request) {
        JsonNode messages = request.path("messages");
        String text = messages.path(messages.size() - 1).path("content").asText("");
        int at = text.indexOf("[fake:");
        return at < 0 ? "ok" : text.substring(at + 6, text.indexOf(']', at)).toLowerCase(Locale.ROOT);
    }

    private String echo(ObjectNode request, Map<String, String> headers) {
        return "upstream model=" + request.path("model").asText() + "; caller=" + headers.get("X-Caller")
                + "; metadata=" + (request.has("metadata") ? request.get("metadata").toString() : "none")
                + "; stream=" + request.path("stream").asBoolean(false)
                + "; include_usage=" + request.path("stream_options").path("include_usage").asBoolean(false)
                + "; traceparent=" + headers.getOrDefault("traceparent", "none")
                + "; tracestate=" + headers.getOrDefault("tracestate", "none");
    }

    private ObjectNode completion(ObjectNode request, Map<String, String> headers) {
        ObjectNode r = json.createObjectNode();
        r.put("id", "chatcmpl-fake").put("object", "chat.completion").put("created", 1)
                .put("model", request.path("model").asText());
        ObjectNode choice = r.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", echo(request, headers));
        r.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15);
        return r;
    }

    /** {@code pauseMs}: the wait before each content chunk ("[fake:drip]": a stream that lasts seconds). */
    private void stream(OutputStream out, Socket socket, ObjectNode request, Map<String, String> headers, boolean cut,
            long pauseMs) throws IOException, InterruptedException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\nx-request-id: " + REQUEST_ID + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        String[] words = echo(request, headers).split(" ");
        chunk(out, event(request, "{\"role\":\"assistant\",\"content\":\"\"}", null));
        for (int i = 0; i < words.length; i++) {
            if (cut && i == 2) {
                out.flush();
                socket.setSoLinger(true, 0); // reset mid-stream: no terminating chunk
                return;
            }
            Thread.sleep(pauseMs);
            chunk(out, event(request, json.createObjectNode().put("content", (i == 0 ? "" : " ") + words[i])
                    .toString(), null));
        }
        chunk(out, event(request, "{}", "stop"));
        chunk(out, "data: [DONE]\n\n");
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private String event(ObjectNode request, String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\""
                + request.path("model").asText() + "\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    private static void chunk(OutputStream out, String data) throws IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String error(String message, String code) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"server_error\",\"code\":\"" + code + "\"}}";
    }

    private static void respond(OutputStream out, int status, String body, String extraHeaders) throws IOException {
        respondRaw(out, status, "application/json", body, extraHeaders);
    }

    private static void respondRaw(OutputStream out, int status, String type, String body, String extraHeaders)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: " + type + "\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\nx-request-id: " + REQUEST_ID + "\r\n" + extraHeaders + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        int b;
        while (state < 4 && (b = in.read()) >= 0) {
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                    ? state + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static byte[] readBody(InputStream in, Map<String, String> headers) throws IOException {
        if (headers.containsKey("Content-Length")) {
            return in.readNBytes(Integer.parseInt(headers.get("Content-Length")));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("Transfer-Encoding"))) {
            while (true) {
                String size = readLine(in);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    readLine(in);
                    return body.toByteArray();
                }
                body.write(in.readNBytes(n));
                readLine(in);
            }
        }
        return body.toByteArray();
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }
}
