package io.policyrouter.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A rollout stops a replica with SIGTERM while it carries streams. Every stream it had started must finish whole;
 * readiness must turn DOWN at once, so the load balancers stop sending; a call that still arrives during the shutdown
 * delay must be served; then the process must exit. Runs the packaged application (the native binary when one was
 * built) against a real HTTP provider whose streams drip for seconds, with many clients at once.
 */
class GracefulShutdownIT {

    static final int STREAMS = 16;
    static final String BODY = "{\"model\":\"" + OpenAiProviderTest.MODEL + "\",\"stream\":%s,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Name three rivers %s\"}]}";

    @Test
    void aStoppedReplicaFinishesItsStreamsAndServesDuringTheDelay() throws Exception {
        FakeUpstream upstream = new FakeUpstream();
        Map<String, String> config = new TreeMap<>(upstream.start());
        int port = freePort();
        config.put("quarkus.http.host", "127.0.0.1");
        config.put("quarkus.http.port", String.valueOf(port));
        config.put("router.store.kind", "none");
        config.put("router.warmup.enabled", "false");
        config.put("router.simulator.enabled", "true"); // the catalog's other providers
        // shorter than the shipped 5 s; the streams (about 4 s) outlive it, so they finish in the drain that follows
        config.put("quarkus.shutdown.delay", "1500ms");
        Path log = Path.of("target", "graceful-shutdown-it.log");
        Process app = new ProcessBuilder(command(config)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port;
        try {
            awaitReady(http, base, app, log);

            CountDownLatch started = new CountDownLatch(STREAMS);
            List<CompletableFuture<List<String>>> streams = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                HttpRequest r = post(base, String.format(BODY, "true", "[fake:drip]"));
                streams.add(http.sendAsync(r, HttpResponse.BodyHandlers.ofLines()).thenApply(response -> {
                    assertEquals(200, response.statusCode());
                    List<String> events = new ArrayList<>();
                    try (Stream<String> lines = response.body()) {
                        lines.filter(l -> l.startsWith("data: ")).forEach(l -> {
                            if (events.size() == 1) {
                                started.countDown(); // the first content chunk is on its way
                            }
                            events.add(l);
                        });
                    }
                    return events;
                }));
            }
            assertTrue(started.await(20, TimeUnit.SECONDS), "every stream started");

            app.destroy(); // SIGTERM, as Kubernetes sends it

            // during the delay: out of the load balancers (the signal is delivered asynchronously: poll for it while
            // the streams, 4 s long, keep the process up), still serving what arrives
            HttpRequest readiness = HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build();
            HttpResponse<String> ready = http.send(readiness, HttpResponse.BodyHandlers.ofString());
            for (long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
                    ready.statusCode() == 200 && System.nanoTime() < until; ) {
                Thread.sleep(20);
                ready = http.send(readiness, HttpResponse.BodyHandlers.ofString());
            }
            assertEquals(503, ready.statusCode(), "readiness is DOWN once SIGTERM arrived: " + ready.body());
            HttpResponse<String> late = http.send(post(base, String.format(BODY, "false", "")),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, late.statusCode(), late.body());
            assertTrue(late.body().contains("upstream model="), late.body());

            for (CompletableFuture<List<String>> s : streams) {
                List<String> events = s.get(30, TimeUnit.SECONDS);
                assertEquals("data: [DONE]", events.get(events.size() - 1), "stream ended whole: " + events);
                assertTrue(events.stream().noneMatch(e -> e.contains("\"error\"")), "no error event: " + events);
                assertTrue(events.size() >= 7, "every chunk arrived: " + events);
            }
            assertTrue(app.waitFor(30, TimeUnit.SECONDS), "the process exits once its calls are done");
            assertTrue(Files.readString(log).contains("All HTTP requests complete"), "drained, not cut");
        } finally {
            app.destroyForcibly();
            upstream.stop();
        }
    }

    private static HttpRequest post(String base, String body) {
        return HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** The native binary when the native profile built one, else the packaged jar. */
    private static List<String> command(Map<String, String> config) {
        List<String> cmd = new ArrayList<>();
        String nativeImage = System.getProperty("native.image.path");
        boolean nativeRun = nativeImage != null && Files.isExecutable(Path.of(nativeImage));
        if (nativeRun) {
            cmd.add(nativeImage);
        } else {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx384m");
        }
        config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        if (!nativeRun) {
            Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("GracefulShutdownIT runs the packaged jar: mvn verify packages it first");
            }
            cmd.addAll(List.of("-jar", jar.toString()));
        }
        return cmd;
    }

    private static void awaitReady(HttpClient http, String base, Process app, Path log) throws Exception {
        long until = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < until && app.isAlive()) {
            try {
                HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build();
                if (http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the application did not become ready; its log: " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
