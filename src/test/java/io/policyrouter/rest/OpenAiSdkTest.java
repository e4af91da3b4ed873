package io.policyrouter.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official openai npm SDK against the running service (src/test/node/sdk-e2e.mjs): non-streaming, streaming, a
 * pin, a 404, the model list, and — where fault injection is on — a failed chain and a cut stream as the SDK raises
 * them. Maven's npm ci (process-test-resources) installs the SDK into target/node-sdk-test.
 */
@QuarkusTest
class OpenAiSdkTest {

    static final Path DIR = Path.of("target", "node-sdk-test");

    /** The %test profile enables fault injection; the packaged jar (prod profile) must ignore it. */
    boolean faultInjection() {
        return true;
    }

    @Test
    void theOfficialOpenAiSdkUsesTheRouterAsADropInEndpoint() throws IOException, InterruptedException {
        Assumptions.assumeFalse(Boolean.getBoolean("skipNodeTests"), "-DskipNodeTests");
        assertTrue(Files.isDirectory(DIR.resolve("node_modules/openai")),
                "run the Maven build first: npm ci installs the SDK into " + DIR);
        ProcessBuilder pb = new ProcessBuilder("node", "sdk-e2e.mjs").directory(DIR.toFile()).redirectErrorStream(true);
        pb.environment().put("ROUTER_BASE_URL", RestAssured.baseURI + ":" + RestAssured.port + "/v1");
        pb.environment().put("ROUTER_FAULTS", faultInjection() ? "1" : "0");
        Process node = pb.start();
        byte[] out = node.getInputStream().readAllBytes();
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "node did not finish");
        String output = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, node.exitValue(), output);
        assertTrue(output.contains("openai sdk e2e ok"), output);
    }
}
