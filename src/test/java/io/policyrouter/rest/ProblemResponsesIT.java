package io.policyrouter.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Error handling against the packaged application (jar or native binary). */
@QuarkusIntegrationTest
class ProblemResponsesIT extends ProblemResponsesTest {
}
