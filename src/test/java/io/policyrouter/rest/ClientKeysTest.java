package io.policyrouter.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client keys (router.client-keys, required here): a call without a valid key is a 401 in OpenAI's shape; a key
 * fixes the tenant and the user tiers a caller may name, so that no caller can spend another tenant's budget or
 * claim a tier its key does not carry.
 */
@QuarkusTest
@TestProfile(ClientKeysTest.Keys.class)
class ClientKeysTest {

    static final String ACME = "ck-acme-0123456789abcdef";
    static final String GLOBEX = "ck-globex-0123456789abcdef";
    static final String CAPPED = "ck-capped-0123456789abcdef";
    static final String RATED = "ck-rated-0123456789abcdef";
    static final String RATED_TOO = "ck-rated-too-0123456789abcdef";

    public static class Keys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> c = new HashMap<>();
            c.put("router.store.embedded-path", "target/test-store/client-keys-" + UUID.randomUUID());
            c.put("router.client-keys.required", "true");
            c.put("router.client-keys.clients.acme.key", ACME);
            c.put("router.client-keys.clients.acme.tenant", "acme");
            c.put("router.client-keys.clients.acme.user-tiers", "standard,premium");
            c.put("router.client-keys.clients.globex.key", GLOBEX);
            c.put("router.client-keys.clients.globex.tenant", "globex");
            c.put("router.client-keys.clients.capped.key", CAPPED);
            c.put("router.client-keys.clients.capped.tenant", "capped");
            c.put("router.learn.budgets.tenants.capped.daily-usd", "0.000001");
            // two keys of one tenant, each with its own rate: a token every 12 s, a burst of 5
            c.put("router.client-keys.clients.rated.key", RATED);
            c.put("router.client-keys.clients.rated.tenant", "rated");
            c.put("router.client-keys.clients.rated.requests-per-minute", "5");
            c.put("router.client-keys.clients.rated-too.key", RATED_TOO);
            c.put("router.client-keys.clients.rated-too.tenant", "rated");
            c.put("router.client-keys.clients.rated-too.requests-per-minute", "5");
            return c;
        }
    }

    static ValidatableResponse call(String path, String key, Map<String, Object> body) {
        var r = given().contentType(ContentType.JSON).body(body);
        if (key != null) {
            r = r.header("Authorization", "Bearer " + key);
        }
        return r.when().post(path).then();
    }

    static Map<String, Object> chat(String text) {
        return Map.of("model", "auto", "messages", List.of(Map.of("role", "user", "content", text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/route", "/v1/annotate", "/v1/chat/completions"})
    void withoutAValidKeyEveryRoutingCallIsA401(String path) {
        Map<String, Object> body = path.endsWith("completions") ? chat("Hello") : Map.of("prompt", "Hello");
        call(path, null, body).statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer realm=\"policy-router\"")
                .body("error.code", equalTo("invalid_api_key")).body("detail", containsString("client key"));
        call(path, "sk-not-a-key-of-this-router", body).statusCode(401).body("error.code", equalTo("invalid_api_key"))
                .body("detail", equalTo("the client key is not valid"));
    }

    @Test
    void theKeyFixesTheTenantAndTheDefaultTier() {
        String id = call("/v1/route", ACME, Map.of("prompt", "Summarise the plot of Hamlet in two sentences."))
                .statusCode(200).extract().path("decision_id");
        given().when().get("/v1/decisions/" + id).then().statusCode(200)
                .body("facts.tenant", equalTo("acme")).body("facts.user_tier", equalTo("standard"));
        // naming its own tenant and one of its tiers is fine
        call("/v1/route", ACME, Map.of("prompt", "Hi", "tenant", "acme", "user_tier", "premium")).statusCode(200);
        // a key without tiers leaves the tier to the caller
        String other = call("/v1/route", GLOBEX, Map.of("prompt", "Hi", "user_tier", "enterprise"))
                .statusCode(200).extract().path("decision_id");
        given().when().get("/v1/decisions/" + other).then().statusCode(200)
                .body("facts.tenant", equalTo("globex")).body("facts.user_tier", equalTo("enterprise"));
    }

    @Test
    void aKeyMayNotSpeakForAnotherTenantOrATierItDoesNotCarry() {
        call("/v1/route", ACME, Map.of("prompt", "Hi", "tenant", "globex")).statusCode(403)
                .contentType("application/problem+json").body("error.code", equalTo("permission_denied"))
                .body("detail", containsString("speaks for tenant 'acme'"));
        call("/v1/route", ACME, Map.of("prompt", "Hi", "user_tier", "enterprise")).statusCode(403)
                .body("detail", containsString("user tiers [standard, premium]"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + ACME)
                .header("x-route-tenant", "globex").body(chat("Hello")).when().post("/v1/chat/completions")
                .then().statusCode(403).body("error.code", equalTo("permission_denied"));
    }

    @Test
    void aTenantThatSpentItsBudgetCannotGoOnUnderAnotherName() {
        call("/v1/chat/completions", CAPPED, chat("Hello there")).statusCode(200);
        call("/v1/chat/completions", CAPPED, chat("Hello there")).statusCode(429)
                .body("type", equalTo("urn:policy-router:problem:budget-exhausted"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + CAPPED)
                .header("x-route-tenant", "someone-else").body(chat("Hello")).when().post("/v1/chat/completions")
                .then().statusCode(403);
        call("/v1/chat/completions", GLOBEX, chat("Hello there")).statusCode(200); // other tenants go on
    }

    /**
     * Twenty callers at once on a key allowed 5 a minute: the burst of 5 is served (a sixth only if the test takes
     * over 12 s), every other call is refused at once with OpenAI's rate-limit code and a Retry-After the SDKs
     * honour; the tenant's other key keeps its own allowance.
     */
    @Test
    void aKeyOverItsRequestRateIsRefusedWithRetryAfter() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<ExtractableResponse<Response>>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(pool.submit(() -> call("/v1/annotate", RATED, Map.of("prompt", "Hello")).extract()));
            }
            int served = 0;
            for (Future<ExtractableResponse<Response>> f : calls) {
                ExtractableResponse<Response> r = f.get(60, TimeUnit.SECONDS);
                if (r.statusCode() == 200) {
                    served++;
                    continue;
                }
                assertEquals(429, r.statusCode(), r.asString());
                assertEquals("application/problem+json", r.contentType());
                assertEquals("rate_limit_exceeded", r.path("error.code"));
                assertEquals("urn:policy-router:problem:rate-limited", r.path("type"));
                int retryAfter = Integer.parseInt(r.header("Retry-After"));
                assertTrue(retryAfter >= 1 && retryAfter <= 12, "Retry-After " + retryAfter);
            }
            assertTrue(served == 5 || served == 6, served + " of 20 served");
        } finally {
            pool.shutdownNow();
        }
        call("/v1/chat/completions", RATED, chat("Hello")).statusCode(429).header("Retry-After", notNullValue());
        call("/v1/route", RATED_TOO, Map.of("prompt", "Hello")).statusCode(200);
        call("/v1/chat/completions", GLOBEX, chat("Hello")).statusCode(200);
    }
}
