package io.policyrouter.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Beyond its limits the router answers at once instead of queueing: past the replica's in-flight limit a request is
 * a 503 problem+json with Retry-After; past a provider's limit the step is skipped (outcome "shed", never a breaker
 * failure) and the chain moves on.
 */
@QuarkusTest
@TestProfile(OverloadTest.Limits.class)
class OverloadTest {

    /** A replica of 8 calls in flight; openai takes 2 at a time. */
    public static class Limits implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LocalProvider.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("router.dispatch.max-in-flight", "8", "router.providers.openai.max-in-flight", "2",
                    "router.dispatch.overload-retry-after", "2s");
        }
    }

    @TestHTTPResource("/v1/chat/completions")
    URI chat;

    @Inject
    MeterRegistry meters;

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void fresh() {
        LocalProvider.reset();
    }

    List<HttpResponse<String>> concurrently(int n, String content) {
        return concurrently(n, content, "auto");
    }

    List<HttpResponse<String>> concurrently(int n, String content, String model) {
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
            all.add(client.sendAsync(HttpRequest.newBuilder(chat).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("x-route-channel", "api")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        return all.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void pastTheReplicaLimitARequestIsA503WithRetryAfterAtOnce() {
        double shedBefore = meters.find("router.shed").counters().stream().mapToDouble(Counter::count).sum();
        List<HttpResponse<String>> responses = concurrently(24, "Say hello. [local:delay=1500]");
        long ok = responses.stream().filter(r -> r.statusCode() == 200).count();
        List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() == 503).toList();
        assertEquals(24, ok + refused.size(), "only answers and immediate refusals");
        assertTrue(ok >= 8 && ok < 24, "the limit must admit 8 at a time and refuse the rest: " + ok + " answered");
        for (HttpResponse<String> r : refused) {
            assertEquals("2", r.headers().firstValue("Retry-After").orElse(""));
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"));
            assertTrue(r.body().contains("\"code\":\"overloaded\""), r.body());
        }
        assertTrue(LocalProvider.MAX_IN_FLIGHT.get() <= 8, "the provider never saw more than the replica admits");
        assertTrue(meters.find("router.shed").counters().stream().mapToDouble(Counter::count).sum()
                >= shedBefore + refused.size());
    }

    @Test
    void pastAProvidersLimitTheStepIsShedAndTheChainMovesOn() {
        // Pinned to an openai model: every chain starts there.
        List<HttpResponse<String>> responses = concurrently(6, "Say hello. [local:delay=800]", "gpt-4.1");
        responses.forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        long onOpenAi = responses.stream().filter(r -> "openai".equals(r.headers().firstValue("x-route-provider")
                .orElse(""))).count();
        long shed = responses.stream().filter(r -> r.headers().firstValue("x-route-path").orElse("")
                .contains("=shed")).count();
        assertTrue(onOpenAi <= 2, "openai takes 2 calls at a time, it answered " + onOpenAi);
        assertTrue(shed >= 4, "the others skipped openai as shed and failed over: " + shed);
    }
}
