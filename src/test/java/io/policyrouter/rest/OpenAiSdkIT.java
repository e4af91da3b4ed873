package io.policyrouter.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The SDK test against the packaged application (prod profile): fault-injection headers must change nothing. */
@QuarkusIntegrationTest
class OpenAiSdkIT extends OpenAiSdkTest {

    @Override
    boolean faultInjection() {
        return false;
    }
}
