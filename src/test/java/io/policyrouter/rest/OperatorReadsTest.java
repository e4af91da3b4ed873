package io.policyrouter.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * router.admin.protect-reads: the operators' read endpoints (they show every tenant's spend and decisions) need an
 * admin or viewer key, as Bearer or HTTP Basic; no spelling of their paths gets past; a viewer key changes nothing;
 * the data plane, health and metrics stay as they were; and a browser opening the dashboard with the key renders it.
 */
@QuarkusTest
@TestProfile(OperatorReadsTest.Protected.class)
class OperatorReadsTest {

    static final String VIEWER = "viewer-key-0123456789";
    static final String ADMIN = "test-admin-key"; // application.properties, %test

    public static class Protected implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("router.admin.protect-reads", "true",
                    "router.admin.viewer-keys.grafana", VIEWER,
                    "router.store.embedded-path", "target/test-store/operator-reads-" + UUID.randomUUID());
        }
    }

    static String basic(String user, String key) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dashboard", "/dashboard/", "/dashboard/dashboard.js", "/v1/stats/dashboard",
            "/v1/stats/outcomes", "/v1/stats/regression", "/v1/drift", "/v1/policy", "/v1/policy/shadow"})
    void everyOperatorsReadNeedsAKey(String path) {
        given().redirects().follow(false).when().get(path).then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401))
                .header("WWW-Authenticate", startsWith("Basic realm=\"policy-router operators\""));
        given().redirects().follow(false).header("Authorization", "Bearer not-a-key-of-this-router")
                .when().get(path).then().statusCode(401);
        given().redirects().follow(false).header("Authorization", basic("ops", "wrong")).when().get(path)
                .then().statusCode(401);
        given().redirects().follow(false).header("Authorization", "Basic %%%not-base64").when().get(path)
                .then().statusCode(401);
        int open = path.equals("/dashboard") ? 301 : 200;
        given().redirects().follow(false).header("Authorization", "Bearer " + VIEWER).when().get(path)
                .then().statusCode(open);
        given().redirects().follow(false).header("Authorization", basic("anyone", VIEWER)).when().get(path)
                .then().statusCode(open);
        given().redirects().follow(false).header("Authorization", basic("alice", ADMIN)).when().get(path)
                .then().statusCode(open);
    }

    /** Sent byte for byte (no client-side normalisation): each must be refused or unknown, never answered. */
    @ParameterizedTest
    @ValueSource(strings = {"/v1//drift", "//v1/drift", "/V1/Drift", "/v1/drift/", "/v1/drift;x=1", "/v1/./drift",
            "/v1/stats/../drift", "/v1/%64rift", "/dashboard/../v1/drift", "/v1/stats/%2e%2e/drift",
            "/v1/policy/", "/v1/policy;a=b/shadow", "/v1/stats/dashboard?window=PT1H", "/DASHBOARD/index.html"})
    void noSpellingOfTheirPathsGetsPast(String raw) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":"
                + RestAssured.port + raw)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertNotEquals(200, r.statusCode(), raw + " answered without a key: " + r.body());
        assertFalse(r.body().contains("\"cells\"") || r.body().contains("\"policy_version\""), raw + ": " + r.body());
    }

    @Test
    void aViewerKeyChangesNothingAndTheDataPlaneIsAsBefore() {
        given().header("Authorization", "Bearer " + VIEWER).when().post("/admin/policy/promote")
                .then().statusCode(403);
        given().when().get("/v1/models").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
        String id = given().contentType(ContentType.JSON).body("{\"prompt\":\"Hello\"}").when().post("/v1/route")
                .then().statusCode(200).extract().path("decision_id");
        given().when().get("/v1/decisions/" + id).then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"decision_id\":\"" + id + "\",\"outcome\":\"accepted\"}")
                .when().post("/v1/feedback").then().statusCode(anyOf(is(200), is(201)));
    }

    /**
     * What an operator does: open the dashboard, answer the browser's prompt with the key (here in the URL, which
     * headless Chromium answers the challenge with); the page's own calls then reuse it. Without it, no data.
     */
    @Test
    void aBrowserWithTheKeyRendersTheDashboardAndOneWithoutSeesNoData() throws Exception {
        Chromium chromium = Chromium.assumeAvailable();
        String tenant = "tenant-" + UUID.randomUUID();
        String id = given().contentType(ContentType.JSON)
                .body("{\"prompt\":\"Write a Java method that reverses a list\",\"tenant\":\"" + tenant + "\"}")
                .when().post("/v1/route").then().statusCode(200).extract().path("decision_id");
        URI base = URI.create(RestAssured.baseURI + ":" + RestAssured.port);

        Document open = Jsoup.parse(chromium.dumpDom(base.getScheme() + "://ops:" + VIEWER + "@" + base.getHost()
                + ":" + base.getPort() + "/dashboard/"));
        assertEquals("ready", open.body().attr("data-state"), () -> "the page did not finish: "
                + open.select("#status").text());
        assertNotNull(open.selectFirst("table.recent tr[data-decision=" + id + "]"), "the seeded decision is listed");

        String closed = chromium.dumpDom(base + "/dashboard/");
        assertFalse(closed.contains(id) || closed.contains(tenant), "data reached a browser without the key");
        assertNotEquals("ready", Jsoup.parse(closed).body().attr("data-state"));
    }
}
