package io.policyrouter.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A streaming client that stops reading (router.dispatch.client-stall-timeout, 1 s here), against the real HTTP
 * provider: once the client's connection cannot take more, the router waits that long for it to drain, then resets
 * the stream, which cancels the provider's call (counted as client_gone) instead of holding it while the client
 * stalls.
 */
@QuarkusTest
@TestProfile(StalledClientTest.Stall.class)
class StalledClientTest {

    public static class Stall extends LocalProviderProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> c = new HashMap<>(super.getConfigOverrides());
            c.put("router.dispatch.client-stall-timeout", "1s");
            return c;
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    MeterRegistry meters;

    @Test
    void aClientThatStopsReadingIsCutAndTheProviderCallCancelled() throws Exception {
        LocalProvider.reset();
        double gone = meters.find("router.client_gone").tag("stage", "streaming").counters().stream()
                .mapToDouble(Counter::count).sum();
        String body = "{\"model\":\"auto\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Tell me a very long story. [local:chunks=100000,gap=1,pad=8000]\"}]}";
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096); // before connecting: a small window the router fills at once
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            socket.setSoTimeout(60_000);
            ConcurrentDispatchTest.postChat(socket.getOutputStream(), body);
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[1024];
            while (seen.toString(StandardCharsets.UTF_8).indexOf("word") < 0) {
                int n = in.read(buf);
                assertTrue(n > 0, "stream ended early");
                seen.write(buf, 0, n);
            }
            // stop reading: the router's queue fills, it pauses, and after the stall timeout resets the stream
            awaitTrue(() -> LocalProvider.ABANDONED.get() >= 1, 30_000, "the router cancels the provider call");
            try {
                for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                    seen.write(buf, 0, n);
                }
            } catch (IOException reset) {
                // a reset connection is how the cut shows
            }
        }
        assertFalse(seen.toString(StandardCharsets.UTF_8).contains("[DONE]"), "the stream was cut, not completed");
        awaitTrue(() -> meters.find("router.client_gone").tag("stage", "streaming").counters().stream()
                .mapToDouble(Counter::count).sum() > gone, 10_000, "counted as client_gone");
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, long ms, String what)
            throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < end) {
            Thread.sleep(25);
        }
        assertTrue(condition.getAsBoolean(), what);
    }
}
