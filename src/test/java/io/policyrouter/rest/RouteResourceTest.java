package io.policyrouter.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** REST tests of the routing API; RouteResourceIT re-runs them against the packaged jar or native binary. */
@QuarkusTest
class RouteResourceTest {

    @Test
    void routesAPromptAndExplainsTheDecision() {
        given().contentType(ContentType.JSON)
                .body("{\"prompt\":\"Write a Python function that merges two sorted lists.\",\"channel\":\"api\"}")
                .when().post("/v1/route")
                .then().statusCode(200)
                .body("decision_id", matchesPattern("[0-9a-f-]{36}"))
                .body("policy_version", matchesPattern("pv-[0-9a-f]{12}"))
                .body("primary.model", notNullValue())
                .body("primary.provider", notNullValue())
                .body("primary.timeout_ms", greaterThan(0))
                .body("strategy", anyOf(is("direct"), is("cascade")))
                .body("latency_tier.name", is("standard"))
                .body("estimated_cost_usd", greaterThan(0f))
                .body("annotations.tokens", greaterThan(5))
                // every fired table rule names its file, sheet and row; DRL rules name their file
                .body("fired_rules.find { it.rule.startsWith('LatencyTier_') }.file",
                        is("decision-tables/io/policyrouter/policy/latency-tier.drl.xlsx"))
                .body("fired_rules.find { it.rule.startsWith('LatencyTier_') }.sheet", is("LatencyTier"))
                .body("fired_rules.find { it.rule.startsWith('LatencyTier_') }.row", greaterThan(0))
                .body("fired_rules.find { it.rule.startsWith('LatencyTier_') }.reason", not(emptyString()))
                .body("fired_rules.find { it.rule == 'Hard constraint: active models only' }.file",
                        is("rules/io/policyrouter/policy/filters.drl"))
                .body("removed_candidates.model", hasItem("gpt-4o"));
    }

    @Test
    void anEmailAddressNeverReachesAModelWithoutPiiAllowed() {
        JsonPath json = given().contentType(ContentType.JSON)
                .body("{\"messages\":[{\"role\":\"system\",\"content\":\"You are helpful.\"},"
                        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Reply to jane.doe@example.com politely.\"}]}]}")
                .when().post("/v1/route")
                .then().statusCode(200)
                .body("annotations.data_classes.EMAIL", is(1))
                .extract().jsonPath();
        List<String> chain = new ArrayList<>();
        chain.add(json.getString("primary.model"));
        chain.addAll(json.getList("fallbacks.model", String.class));
        assertFalse(chain.isEmpty());
        List<String> allowed = given().when().get("/v1/models").then().statusCode(200).extract().jsonPath()
                .getList("data.findAll { it.flags.contains('pii_allowed') }.id", String.class);
        for (String model : chain) {
            assertTrue(allowed.contains(model), model + " lacks pii_allowed");
        }
        assertFalse(json.prettify().contains("jane.doe"), "the response must not echo PII values");
    }

    @Test
    void noCompliantModelIs422NamingTheConstraint() {
        given().contentType(ContentType.JSON)
                .body("{\"prompt\":\"Summarise our Q3 results.\",\"tenant\":\"acme-bank\",\"data_region\":\"apac\"}")
                .when().post("/v1/route")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", is("urn:policy-router:problem:no-compliant-model"))
                .body("status", is(422))
                .body("constraint", is("provider in [anthropic, selfhosted]"))
                .body("detail", containsString("no model satisfies provider in [anthropic, selfhosted]"))
                .body("source", containsString("compliance.drl.xlsx, sheet Compliance, row"))
                .body("decision_id", notNullValue())
                .body("removed_candidates.size()", greaterThan(0));
    }

    @Test
    void annotateReturnsFactsOnly() {
        given().contentType(ContentType.JSON)
                .body("{\"prompt\":\"Mail me at bob@example.org: why is the sky blue?\"}")
                .when().post("/v1/annotate")
                .then().statusCode(200)
                .body("task_type", notNullValue())
                .body("task_confidence", notNullValue())
                .body("data_classes.EMAIL", is(1))
                .body("tokens", greaterThan(5))
                .body("language", is("en"))
                .body("questions", is(1))
                .body("complexity.band", anyOf(is("low"), is("medium"), is("high")))
                .body("difficulty.score", notNullValue())
                .body("follow_up", is(false))
                .body("primary", nullValue())
                .body(not(containsString("bob@example.org")));
    }

    @Test
    void aFollowUpStaysOnTheConversationsModel() {
        given().contentType(ContentType.JSON)
                .body("{\"messages\":[{\"role\":\"user\",\"content\":\"Tell me about the Roman empire.\"},"
                        + "{\"role\":\"assistant\",\"content\":\"The Roman empire ...\"},"
                        + "{\"role\":\"user\",\"content\":\"why?\"}],"
                        + "\"conversation_id\":\"c-1\",\"previous_model\":\"mistral-large\",\"channel\":\"chat\"}")
                .when().post("/v1/route")
                .then().statusCode(200)
                .body("annotations.follow_up", is(true))
                .body("primary.model", is("mistral-large"))
                .body("primary.chosen_by", is("sticky"));
    }

    @Test
    void aPinOutsidePolicyIsNotHonouredAndSaysWhy() {
        given().contentType(ContentType.JSON)
                .body("{\"prompt\":\"Write a haiku about autumn.\",\"pin\":\"o3\",\"data_region\":\"eu\"}")
                .when().post("/v1/route")
                .then().statusCode(200)
                .body("primary.model", not(is("o3")))
                .body("notes", hasItem(containsString("pin 'o3' not honoured")));
    }

    @Test
    void aLoneSurrogateInThePromptIsRoutedNotAnError() {
        given().contentType(ContentType.JSON).body("{\"prompt\":\"half an emoji \\ud83d and on\"}")
                .when().post("/v1/route")
                .then().statusCode(200).body("primary.model", notNullValue());
    }

    @Test
    void listsModelsAndOneModel() {
        given().when().get("/v1/models")
                .then().statusCode(200)
                .body("object", is("list"))
                .body("data.id", hasItems("gpt-4.1", "llama-3.3-70b"))
                .body("data.find { it.id == 'llama-3.3-70b' }.flags", hasItem("self_hosted"))
                .body("data.find { it.id == 'gpt-4.1' }.scores.code", is(0.88f));
        given().when().get("/v1/models/claude-sonnet-4").then().statusCode(200).body("owned_by", is("anthropic"));
        given().when().get("/v1/models/nope").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void showsThePolicy() {
        given().when().get("/v1/policy")
                .then().statusCode(200)
                .body("policy_version", matchesPattern("pv-[0-9a-f]{12}"))
                .body("tables.sheet", hasItems("Capability", "Compliance", "LatencyTier", "ConfidenceFloor"))
                .body("tables.find { it.sheet == 'Compliance' }.rows.size()", greaterThan(10))
                .body("tables.find { it.sheet == 'Compliance' }.notes", not(emptyString()))
                .body("rules.rule", hasItem("Primary: quality first"))
                .body("rules.find { it.rule == 'Primary: quality first' }.file", is("rules/io/policyrouter/policy/selection.drl"));
    }

    @Test
    void healthMetricsAndOpenApi() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'policy' }.status", is("UP"))
                .body("checks.find { it.name == 'policy' }.data.rules_missing", is("none"));
        given().contentType(ContentType.JSON).body("{\"prompt\":\"hello\"}").post("/v1/route").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("router_decisions_total"))
                .body(containsString("router_decision_duration_seconds"));
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/v1/route"));
    }
}
