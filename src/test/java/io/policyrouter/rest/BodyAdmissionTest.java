package io.policyrouter.rest;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replica's budget for request bodies (router.dispatch.max-body-bytes-in-flight, 1 MB here), over real sockets:
 * while one caller's 700 KB body is held, a second is answered 503 at once on any path, before its body is kept, and
 * its connection still serves the next call; the room comes back when a call is answered, its caller leaves, or
 * its body has not arrived within router.dispatch.body-timeout (5 s here).
 */
@QuarkusTest
@TestProfile(BodyAdmissionTest.SmallBudget.class)
class BodyAdmissionTest {

    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("router.dispatch.max-body-bytes-in-flight", "1M", "router.dispatch.body-timeout", "5s",
                    "router.store.embedded-path", "target/test-store/body-admission-" + UUID.randomUUID());
        }
    }

    static final int LARGE = 700_000;

    @TestHTTPResource("/")
    URL base;

    @Inject
    MeterRegistry meters;

    /** A JSON body of exactly {@code size} bytes. */
    static byte[] body(String head, int size, String tail) {
        StringBuilder b = new StringBuilder(size).append(head);
        while (b.length() < size - tail.length()) {
            b.append("lorem ipsum ");
        }
        b.setLength(size - tail.length());
        return b.append(tail).toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] prompt(int size) {
        return body("{\"prompt\":\"", size, "\"}");
    }

    static byte[] chat(int size) {
        return body("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"", size, "\"}]}");
    }

    static void send(OutputStream out, String path, byte[] body, int upTo) throws IOException {
        out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, upTo);
        out.flush();
    }

    record Answer(int status, Map<String, String> headers, String body) {
    }

    /** One HTTP/1.1 response with a Content-Length or chunked body; header names lower-cased. */
    static Answer read(InputStream in) throws IOException {
        String status = line(in);
        Map<String, String> headers = new java.util.HashMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        if (headers.containsKey("content-length")) {
            content.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else {
            for (int n = Integer.parseInt(line(in), 16); n > 0; n = Integer.parseInt(line(in), 16)) {
                content.write(in.readNBytes(n));
                line(in);
            }
            line(in);
        }
        return new Answer(Integer.parseInt(status.split(" ")[1]), headers, content.toString(StandardCharsets.UTF_8));
    }

    static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed after: " + s);
            }
            if (c != '\r') {
                s.append((char) c);
            }
        }
        return s.toString();
    }

    double held() {
        return meters.get("router.body_bytes_in_flight").gauge().value();
    }

    double shed() {
        return meters.get("router.shed").tag("reason", "body_bytes").counter().count();
    }

    @Test
    void aSecondLargeBodyIsRefusedAtOnceWhileTheFirstIsHeld() throws Exception {
        double shedBefore = shed();
        byte[] first = prompt(LARGE);
        try (Socket a = new Socket(base.getHost(), base.getPort()); Socket b = new Socket(base.getHost(), base.getPort())) {
            a.setSoTimeout(30_000);
            b.setSoTimeout(30_000);
            send(a.getOutputStream(), "/v1/annotate", first, 1_000); // admitted, its body still arriving
            awaitTrue(() -> held() >= LARGE, "the first body is reserved");

            send(b.getOutputStream(), "/v1/chat/completions", chat(LARGE), LARGE);
            Answer refused = read(b.getInputStream());
            assertEquals(503, refused.status(), refused.body());
            assertEquals("application/problem+json", refused.headers().get("content-type"));
            assertEquals("1", refused.headers().get("retry-after"));
            assertTrue(refused.body().contains("request bodies"), refused.body());
            assertEquals(shedBefore + 1, shed());

            // the refused body was read and dropped: the same connection serves the next call
            byte[] small = chat(200);
            send(b.getOutputStream(), "/v1/chat/completions", small, small.length);
            assertEquals(200, read(b.getInputStream()).status());

            a.getOutputStream().write(first, 1_000, first.length - 1_000);
            a.getOutputStream().flush();
            Answer annotated = read(a.getInputStream());
            assertEquals(200, annotated.status(), annotated.body());
            awaitTrue(() -> held() == 0, "the room comes back once the call is answered");

            byte[] again = chat(LARGE);
            send(b.getOutputStream(), "/v1/chat/completions", again, again.length);
            Answer served = read(b.getInputStream());
            assertTrue(served.status() == 200 || served.status() == 422, served.status() + " " + served.body());
        }
    }

    @Test
    void aCallerThatLeavesMidBodyGivesItsRoomBack() throws Exception {
        try (Socket a = new Socket(base.getHost(), base.getPort())) {
            send(a.getOutputStream(), "/v1/chat/completions", chat(LARGE), 10);
            awaitTrue(() -> held() >= LARGE, "reserved");
        }
        awaitTrue(() -> held() == 0, "released when the caller left");
    }

    @Test
    void aBodyThatDoesNotArriveInTimeIsA408AndGivesItsRoomBack() throws Exception {
        try (Socket slow = new Socket(base.getHost(), base.getPort())) {
            slow.setSoTimeout(30_000);
            send(slow.getOutputStream(), "/v1/annotate", prompt(LARGE), 10); // and nothing more
            awaitTrue(() -> held() >= LARGE, "reserved");
            long start = System.nanoTime();
            Answer timedOut = read(slow.getInputStream());
            assertEquals(408, timedOut.status(), timedOut.body());
            assertEquals("application/problem+json", timedOut.headers().get("content-type"));
            assertEquals("close", timedOut.headers().get("connection"));
            assertTrue(System.nanoTime() - start < 25_000_000_000L, "answered at the body timeout");
            assertEquals(-1, slow.getInputStream().read(), "the connection is closed");
        }
        awaitTrue(() -> held() == 0, "released at the timeout");
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 400 && !condition.getAsBoolean(); i++) {
            Thread.sleep(25);
        }
        assertTrue(condition.getAsBoolean(), what);
    }
}
