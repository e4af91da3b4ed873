package io.policyrouter.store;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas of the packaged service — two JVMs, two ports — sharing one real PostgreSQL store, as on Kubernetes:
 * a decision made on one is found by id on the other; shadow mode on scripted traffic yields the divergence rate,
 * the cost delta and the table row responsible, aggregated over both; promotion on one replica is followed by the
 * other within the watch interval, rollback restores the previous version; admin calls without the right key are
 * refused; records survive a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    static final String KEY = "it-admin-key";
    static final long WATCH_MS = 300;
    static String url;
    static Replica a;
    static Replica b;
    static String firstDecision;

    record Replica(String name, int port, Process process) {
        String base() {
            return "http://127.0.0.1:" + port;
        }
    }

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        Postgres.assumeAvailable();
        url = Postgres.freshSchema();
        a = start("replica-a", 18281);
        b = start("replica-b", 18282);
    }

    @AfterAll
    static void stop() {
        for (Replica r : new Replica[] {a, b}) {
            if (r != null) {
                r.process().destroy();
            }
        }
    }

    static Replica start(String name, int port) throws Exception {
        Path log = Path.of("target", "replicas-it-" + name + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m"));
        Map.of("quarkus.http.port", String.valueOf(port), "quarkus.http.host", "127.0.0.1",
                "router.store.kind", "postgresql", "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", Postgres.USER, "quarkus.datasource.password", Postgres.PASSWORD,
                "router.store.policy-watch-interval", WATCH_MS + "ms", "router.shadow.sample-rate", "1",
                "router.admin.keys.ops", KEY, "router.store.replica", name)
                .forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-Drouter.store.flush-interval=50ms");
        cmd.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Replica r = new Replica(name, port, p);
        awaitTrue(() -> {
            try {
                return given().baseUri(r.base()).when().get("/q/health/ready").statusCode() == 200;
            } catch (Exception notYet) {
                return false;
            }
        }, name + " ready (log: " + log + ")", 60_000);
        // Readiness waited for the start-up warm-up (on by default in a packaged run), which made real decisions.
        Integer warmed = given().baseUri(r.base()).when().get("/q/health/ready").then().statusCode(200).extract()
                .path("checks.find { it.name == 'warm-up' }.data.decisions");
        assertTrue(warmed != null && warmed > 0, name + ": warm-up decisions " + warmed);
        return r;
    }

    static Response route(Replica r, String prompt, String channel) {
        return given().baseUri(r.base()).contentType(ContentType.JSON)
                .body("{\"prompt\":\"" + prompt + "\",\"channel\":\"" + channel + "\"}").when().post("/v1/route");
    }

    @Test
    @Order(1)
    void aDecisionMadeOnOneReplicaIsFoundOnTheOther() throws Exception {
        firstDecision = route(a, "Write a Python function that merges two sorted lists.", "api").then().statusCode(200)
                .extract().path("decision_id");
        awaitTrue(() -> given().baseUri(b.base()).when().get("/v1/decisions/" + firstDecision).statusCode() == 200,
                "found on the other replica", 10_000);
        given().baseUri(b.base()).when().get("/v1/decisions/" + firstDecision).then()
                .body("replica", is("replica-a")).body("explanation.decision_id", is(firstDecision))
                .body("explanation.fired_rules.size()", org.hamcrest.Matchers.greaterThan(3))
                .body("facts.task_type", is("code"));
        given().baseUri(b.base()).when().get("/v1/decisions/no-such-decision").then().statusCode(404)
                .contentType("application/problem+json");

        // feedback for a decision of replica A arrives at replica B: kept once, seen from A, counted in the stats
        String feedback = "{\"decision_id\":\"" + firstDecision + "\",\"outcome\":\"accepted\",\"source\":\"it\"}";
        given().baseUri(b.base()).contentType(ContentType.JSON).body(feedback).when().post("/v1/feedback").then()
                .statusCode(201);
        given().baseUri(a.base()).contentType(ContentType.JSON).body(feedback).when().post("/v1/feedback").then()
                .statusCode(200).body("created", is(false));
        given().baseUri(a.base()).when().get("/v1/decisions/" + firstDecision).then().statusCode(200)
                .body("feedback.source", org.hamcrest.Matchers.hasItem("it"));
        given().baseUri(a.base()).when().get("/v1/stats/outcomes?window=PT1H").then().statusCode(200)
                .body("cells.positive.sum()", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
    }

    @Test
    @Order(2)
    void shadowModeFindsTheDivergenceTheCostAndTheRowResponsible() throws Exception {
        // The build's candidate policy changes one row: the API tier admits slower models (p95 8000 -> 30000 ms).
        for (int i = 0; i < 15; i++) {
            route(i % 2 == 0 ? a : b, "Write a Java method that reverses a linked list, variant " + i, "api")
                    .then().statusCode(200);
            route(i % 2 == 0 ? b : a, "Summarise this meeting note for the team, part " + i, "chat")
                    .then().statusCode(200);
        }
        awaitTrue(() -> given().baseUri(b.base()).when().get("/v1/policy/shadow").then().extract()
                .<Integer>path("evaluated") >= 31, "every request of both replicas evaluated in shadow", 15_000);
        Response report = given().baseUri(a.base()).when().get("/v1/policy/shadow");
        report.then().statusCode(200);
        int evaluated = report.path("evaluated");
        int diverged = report.path("diverged");
        assertTrue(diverged >= 15 && diverged < evaluated, "the code requests on the API tier diverge, the chat ones do "
                + "not: " + diverged + " of " + evaluated);
        float rate = report.path("divergence_rate");
        assertTrue(report.<Float>path("divergence_rate_low") <= rate && rate <= report.<Float>path("divergence_rate_high"));
        assertNotEquals(0f, report.<Float>path("cost_delta_per_1000_usd"), "the candidate's primary costs differently");
        assertEquals("LatencyTier_20", report.path("responsible[0].rule"));
        assertEquals("decision-tables/candidate/latency-tier.drl.xlsx", report.path("responsible[0].file"));
        assertEquals(20, (int) report.path("responsible[0].row"));
        assertTrue(report.<Float>path("by_task_type.code.rate") > 0.9f, "code diverges");
        String example = report.path("responsible[0].example_decision_ids[0]");
        given().baseUri(b.base()).when().get("/v1/decisions/" + example).then().statusCode(200)
                .body("shadow.primary_differs", is(true)).body("shadow.candidate_model", notNullValue());
    }

    @Test
    @Order(3)
    void adminCallsWithoutTheRightKeyAreRefused() {
        given().baseUri(a.base()).when().post("/admin/policy/promote").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", notNullValue());
        given().baseUri(a.base()).header("Authorization", "Bearer wrong-key").when().post("/admin/policy/promote")
                .then().statusCode(403).contentType("application/problem+json");
        given().baseUri(a.base()).when().get("/admin/policy").then().statusCode(401);
    }

    @Test
    @Order(4)
    void aPromotionOnOneReplicaIsFollowedByTheOtherAndRollbackRestoresThePrevious() throws Exception {
        Response status = given().baseUri(a.base()).header("Authorization", "Bearer " + KEY).when()
                .get("/admin/policy");
        String active = status.path("answering");
        String candidate = status.path("compiled_candidate");
        assertNotEquals(active, candidate);

        long t0 = System.nanoTime();
        given().baseUri(a.base()).header("Authorization", "Bearer " + KEY).when().post("/admin/policy/promote").then()
                .statusCode(200).body("answering", is(candidate));
        awaitTrue(() -> candidate.equals(route(b, "Hello there", "chat").path("policy_version")),
                "the other replica follows the promotion", 10_000);
        long followedMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(followedMs < WATCH_MS + 3_000, "followed within the watch interval (+ slack): " + followedMs + " ms");
        given().baseUri(b.base()).header("Authorization", "Bearer " + KEY).when().get("/admin/policy").then()
                .body("changes[0].action", is("promote")).body("changes[0].actor", is("ops"))
                .body("changes[0].from_version", is(active)).body("changes[0].to_version", is(candidate))
                .body("changes[0].replica", is("replica-a"));

        given().baseUri(b.base()).header("Authorization", "Bearer " + KEY).when().post("/admin/policy/rollback").then()
                .statusCode(200).body("answering", is(active));
        awaitTrue(() -> active.equals(route(a, "Hello there", "chat").path("policy_version")),
                "rollback reaches the first replica too", 10_000);
        given().baseUri(a.base()).header("Authorization", "Bearer " + KEY).when().post("/admin/policy/rollback")
                .then().statusCode(409); // nothing earlier than the previous: promote/rollback are one step each
    }

    @Test
    @Order(5)
    void recordsSurviveARestart() throws Exception {
        a.process().destroy();
        a.process().waitFor();
        a = start("replica-a", 18281);
        given().baseUri(a.base()).when().get("/v1/decisions/" + firstDecision).then().statusCode(200)
                .body("decision_id", is(firstDecision));
    }

    static void awaitTrue(Supplier<Boolean> condition, String what, long ms) throws InterruptedException {
        long until = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < until && !Boolean.TRUE.equals(condition.get())) {
            Thread.sleep(100);
        }
        assertTrue(condition.get(), what);
    }

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        new File("target").mkdirs();
        if (!Files.isRegularFile(Path.of("target/quarkus-app/quarkus-run.jar"))) {
            throw new IllegalStateException("ReplicasIT runs the packaged jar: mvn verify packages it first");
        }
    }
}
