package io.policyrouter.store;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PostgreSQL store goes away and comes back, at the socket level: routing goes on (every request answered),
 * /q/health reports the store DOWN while readiness stays UP, records wait in the buffer, and when the database is
 * back the store catches up — every decision made during the outage can then be looked up by id. Nothing is lost.
 */
@QuarkusTest
@TestProfile(StoreOutageTest.BehindAProxy.class)
@EnabledIfEnvironmentVariable(named = "POLICY_ROUTER_TEST_PG_URL", matches = ".+")
class StoreOutageTest {

    static TcpProxy proxy;

    public static class BehindAProxy implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ProxiedPostgres.class));
        }
    }

    public static class ProxiedPostgres implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                String url = Postgres.freshSchema();
                URI u = URI.create(url.substring("jdbc:".length()));
                proxy = new TcpProxy(u.getHost(), u.getPort() < 0 ? 5432 : u.getPort());
                String proxied = url.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/")
                        + "&connectTimeout=2&socketTimeout=5";
                return Map.of("router.store.kind", "postgresql", "quarkus.datasource.jdbc.url", proxied,
                        "quarkus.datasource.username", Postgres.USER, "quarkus.datasource.password", Postgres.PASSWORD,
                        "quarkus.datasource.jdbc.acquisition-timeout", "1S",
                        "router.store.flush-interval", "50ms", "router.store.retry-backoff", "100ms");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            try {
                proxy.close();
            } catch (Exception ignored) {
                // shutting down
            }
        }
    }

    static String route(String prompt) {
        return given().contentType(ContentType.JSON).body("{\"prompt\":\"" + prompt + "\",\"channel\":\"api\"}")
                .when().post("/v1/route").then().statusCode(200).extract().path("decision_id");
    }

    static boolean stored(String id) {
        return given().when().get("/v1/decisions/" + id).then().extract().statusCode() == 200
                && given().when().get("/v1/decisions/" + id).then().extract().path("recorded_at_ms") != null;
    }

    static String storeStatus() {
        return given().when().get("/q/health").then().extract()
                .path("checks.find { it.name == 'decision-store' }.status");
    }

    @Test
    void routingGoesOnAndTheStoreCatchesUpWithoutLosingARecord() throws Exception {
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            before.add(route("Write a haiku about the sea, number " + i));
        }
        awaitTrue(() -> "UP".equals(storeStatus()) && before.stream().allMatch(StoreOutageTest::stored),
                "decisions stored while the database is up");

        proxy.stop();
        List<String> during = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            during.add(route("Summarise the news of day " + i)); // statusCode(200): routing goes on
        }
        awaitTrue(() -> "DOWN".equals(storeStatus()), "the store is reported DOWN while the database is away");
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        given().when().get("/q/health").then().statusCode(503);

        proxy.start();
        awaitTrue(() -> "UP".equals(storeStatus()), "the store is UP again");
        awaitTrue(() -> during.stream().allMatch(StoreOutageTest::stored), "every decision of the outage is kept");
        for (String id : before) {
            given().when().get("/v1/decisions/" + id).then().statusCode(200).body("decision_id", is(id));
        }
        float dropped = given().when().get("/q/metrics").then().extract().asString().lines()
                .filter(l -> l.startsWith("router_store_dropped_total")).map(l -> Float.parseFloat(l.split(" ")[1]))
                .findFirst().orElse(0f);
        assertEquals(0f, dropped, "nothing dropped");
    }

    @Test
    void anUnknownDecisionIs404ProblemJson() {
        given().when().get("/v1/decisions/00000000-0000-0000-0000-000000000000").then().statusCode(404)
                .contentType("application/problem+json").body("status", is(404));
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertTrue(condition.getAsBoolean(), what);
    }
}
