package io.policyrouter.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same REST tests against the packaged application: the runner jar, or the native binary with -Dnative. */
@QuarkusIntegrationTest
class RouteResourceIT extends RouteResourceTest {
}
