package io.policyrouter.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The calibration loop's endpoints on the embedded store: feedback (validation, idempotency per decision and source,
 * 404), the router's own retry signal, spend budgets (429 once spent), outcome statistics, drift, regression and the
 * dashboard's data.
 */
@QuarkusTest
@TestProfile(CalibrationLoopResourceTest.FreshStore.class)
class CalibrationLoopResourceTest {

    /** A store of its own (spend is kept across restarts) and a tenant whose daily budget the first call spends. */
    public static class FreshStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("router.store.embedded-path", "target/test-store/loop-resource-" + UUID.randomUUID(),
                    "router.learn.budgets.tenants.\"budget-test\".daily-usd", "0.000001");
        }
    }

    private static String route(String prompt, String tenant) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("prompt", prompt, "channel", "api", "tenant", tenant))
                .when().post("/v1/route").then().statusCode(200).extract().path("decision_id");
    }

    private static Response feedback(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/v1/feedback");
    }

    @Test
    void feedbackIsKeptOncePerDecisionAndSource() {
        String id = route("Write a Java method that reverses a linked list.", "acme");
        feedback(Map.of("decision_id", id, "outcome", "accepted", "score", 0.9, "source", "app"))
                .then().statusCode(201).body("created", equalTo(true)).body("outcome", equalTo("accepted"));
        // a retried call changes nothing: the first feedback of (decision, source) is kept
        feedback(Map.of("decision_id", id, "outcome", "rejected", "source", "app"))
                .then().statusCode(200).body("created", equalTo(false)).body("outcome", equalTo("accepted"))
                .body("score", equalTo(0.9f));
        feedback(Map.of("decision_id", id, "outcome", "thumbs_down"))
                .then().statusCode(201).body("source", equalTo("client"));

        List<String> sources = given().when().get("/v1/decisions/" + id).then().statusCode(200)
                .extract().path("feedback.source");
        assertEquals(List.of("app", "client"), sources.stream().sorted().toList());
    }

    @Test
    void badFeedbackNamesTheField() {
        String id = route("Summarise the plot of Hamlet in two sentences.", "acme");
        problem(feedback(Map.of("decision_id", UUID.randomUUID().toString(), "outcome", "accepted")), 404,
                "decision-not-found", "decision_id");
        problem(feedback(Map.of("decision_id", id, "outcome", "meh")), 400, "invalid-request", "outcome");
        problem(feedback(Map.of("decision_id", id)), 400, "invalid-request", "outcome");
        problem(feedback(Map.of("outcome", "accepted")), 400, "invalid-request", "decision_id");
        problem(feedback(Map.of("decision_id", id, "outcome", "accepted", "score", 1.5)), 400, "invalid-request",
                "score");
        problem(feedback(Map.of("decision_id", id, "outcome", "accepted", "source", "router:cascade")), 400,
                "invalid-request", "source");
        problem(feedback(Map.of("decision_id", "../../etc", "outcome", "accepted")), 400, "invalid-request",
                "decision_id");
        given().contentType(ContentType.JSON).body(Map.of("decision_id", id, "outcome", "accepted", "rating", 5))
                .when().post("/v1/feedback").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void theSameConversationSentAgainIsARetryOfTheFirstAnswer() throws Exception {
        Map<String, Object> chat = Map.of("model", "auto", "messages", List.of(Map.of("role", "user", "content",
                "Translate 'good morning' into French. " + UUID.randomUUID())));
        String conversation = UUID.randomUUID().toString();
        String first = given().contentType(ContentType.JSON).header("x-route-tenant", "retry-test")
                .header("x-route-conversation-id", conversation).body(chat)
                .when().post("/v1/chat/completions").then().statusCode(200).extract().header("x-route-decision-id");
        // the same prompt without a conversation id (another user, say) is not a retry of anything
        String other = given().contentType(ContentType.JSON).header("x-route-tenant", "retry-test").body(chat)
                .when().post("/v1/chat/completions").then().statusCode(200).extract().header("x-route-decision-id");
        given().contentType(ContentType.JSON).header("x-route-tenant", "retry-test")
                .header("x-route-conversation-id", conversation).body(chat)
                .when().post("/v1/chat/completions").then().statusCode(200);
        List<String> outcomes = List.of();
        for (long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos(); System.nanoTime() < deadline
                && !outcomes.contains("retried"); Thread.sleep(100)) {
            outcomes = given().when().get("/v1/decisions/" + first).then().statusCode(200)
                    .extract().path("feedback.outcome");
        }
        assertTrue(outcomes.contains("retried"), "the first decision carries the retry: " + outcomes);
        List<String> none = given().when().get("/v1/decisions/" + other).then().statusCode(200)
                .extract().path("feedback.outcome");
        assertTrue(none == null || !none.contains("retried"), "no conversation id, no retry: " + none);
    }

    @Test
    void aTenantWhoseDailyBudgetIsSpentGets429UntilTheDayEnds() {
        Map<String, Object> chat = Map.of("model", "auto", "messages", List.of(Map.of("role", "user", "content",
                "Write a haiku about budgets.")));
        // tenant budget-test may spend 0.000001 USD a day (FreshStore); the first call spends more than that
        given().contentType(ContentType.JSON).header("x-route-tenant", "budget-test").body(chat)
                .when().post("/v1/chat/completions").then().statusCode(200);
        given().contentType(ContentType.JSON).header("x-route-tenant", "budget-test").body(chat)
                .when().post("/v1/chat/completions").then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", notNullValue())
                .body("type", equalTo("urn:policy-router:problem:budget-exhausted"));
        given().contentType(ContentType.JSON).body(Map.of("prompt", "Hi", "tenant", "budget-test"))
                .when().post("/v1/route").then().statusCode(429);
        // other tenants are not affected
        route("Hi there", "someone-else");
    }

    @Test
    void statisticsDriftRegressionAndDashboardReadTheStore() throws Exception {
        String id = route("Explain why the sky is blue.", "stats-test");
        feedback(Map.of("decision_id", id, "outcome", "accepted", "source", "stats")).then().statusCode(201);
        Thread.sleep(400); // the decision reaches the store (flush interval 200 ms)
        given().when().get("/v1/stats/outcomes?window=PT1H").then().statusCode(200)
                .body("cells.judged.sum()", greaterThanOrEqualTo(1))
                .body("quality_direction.judged", greaterThanOrEqualTo(1));
        given().when().get("/v1/drift?window=PT1H").then().statusCode(200)
                .body("min_samples", equalTo(100)).body("flags", notNullValue());
        given().when().get("/v1/stats/regression").then().statusCode(200).body("flagged", equalTo(false));
        given().when().get("/v1/stats/dashboard?window=PT1H").then().statusCode(200)
                .body("decisions", greaterThanOrEqualTo(1)).body("recent.decision_id", hasItem(id))
                .body("cost_by_tenant.key", hasItem("stats-test"));
        problem(given().when().get("/v1/stats/dashboard?window=yesterday"), 400, "invalid-request", "window");
    }

    private static void problem(Response r, int status, String type, String field) {
        r.then().statusCode(status).contentType("application/problem+json")
                .body("type", equalTo("urn:policy-router:problem:" + type)).body("field", equalTo(field));
    }
}
