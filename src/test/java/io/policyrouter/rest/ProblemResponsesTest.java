package io.policyrouter.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** Client mistakes are 400 problem+json naming the field; never a 500, never a stack trace. */
@QuarkusTest
class ProblemResponsesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "neither messages nor prompt   | {}                                                      | messages",
            "both messages and prompt      | {\"prompt\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]} | prompt",
            "unknown role                  | {\"messages\":[{\"role\":\"robot\",\"content\":\"b\"}]}  | messages[0].role",
            "no user message               | {\"messages\":[{\"role\":\"system\",\"content\":\"b\"}]} | messages",
            "content of the wrong shape    | {\"messages\":[{\"role\":\"user\",\"content\":42}]}      | messages[0].content",
            "unknown required_confidence   | {\"prompt\":\"a\",\"required_confidence\":\"extreme\"}      | required_confidence",
            "unknown data region           | {\"prompt\":\"a\",\"data_region\":\"mars\"}                | data_region",
            "non-positive budget           | {\"prompt\":\"a\",\"latency_budget_ms\":0}                 | latency_budget_ms",
            "pin of an unknown model       | {\"prompt\":\"a\",\"pin\":\"gtp-4o\"}                      | pin",
            "non-positive max_tokens       | {\"prompt\":\"a\",\"max_tokens\":-5}                       | max_tokens",
            "misspelt field                | {\"prompt\":\"a\",\"data_regoin\":\"eu\"}                  | data_regoin",
            "wrong type                    | {\"prompt\":\"a\",\"latency_budget_ms\":\"fast\"}          | latency_budget_ms",
            "fractional max_tokens         | {\"prompt\":\"a\",\"max_tokens\":1.5}                     | max_tokens",
            "user message without content  | {\"messages\":[{\"role\":\"user\"}]}                  | messages[0].content",
            "text part without its text    | {\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]} | messages[0].content",
    })
    void badFieldsAre400NamingTheField(String name, String body, String field) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/route")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", is(400))
                .body("title", not(emptyString()))
                .body("detail", not(emptyString()))
                .body("field", is(field))
                .body("instance", is("/v1/route"))
                .body(not(containsString("Exception")));
    }

    @Test
    void malformedJsonIs400() {
        given().contentType(ContentType.JSON).body("{\"prompt\": \"unterminated")
                .when().post("/v1/route")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", is("urn:policy-router:problem:invalid-json"))
                .body(not(containsString("at com.fasterxml")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/v1/route            | {\"prompt\":\"a\"} {\"prompt\":\"b\"}",
            "/v1/annotate         | {\"prompt\":\"a\"} junk",
            "/v1/chat/completions | {\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]} junk",
    })
    void trailingContentAfterTheBodyIs400(String path, String body) {
        given().contentType(ContentType.JSON).body(body)
                .when().post(path)
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", is("urn:policy-router:problem:invalid-json"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"tenant, 257", "user_tier, 65", "channel, 65", "conversation_id, 257", "previous_model, 129"})
    void contextValuesAreBoundedAsTheStoreKeepsThem(String field, int length) {
        given().contentType(ContentType.JSON).body("{\"prompt\":\"a\",\"" + field + "\":\"" + "x".repeat(length) + "\"}")
                .when().post("/v1/route")
                .then().statusCode(400).contentType("application/problem+json").body("field", is(field));
    }

    @Test
    void contextValuesHoldNoControlCharacters() {
        given().contentType(ContentType.JSON).body("{\"prompt\":\"a\",\"tenant\":\"acme\\u0000\"}")
                .when().post("/v1/route")
                .then().statusCode(400).contentType("application/problem+json").body("field", is("tenant"));
    }

    @ParameterizedTest(name = "window={0}")
    @CsvSource({"PT-5H", "PT0S", "P99999D", "soon"})
    void shadowReportWindowIsChecked(String window) {
        given().queryParam("window", window).when().get("/v1/policy/shadow")
                .then().statusCode(400).contentType("application/problem+json").body("field", is("window"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/v1/annotate", "/v1/route", "/v1/chat/completions"})
    void emptyBodyIs400(String path) {
        given().contentType(ContentType.JSON).when().post(path)
                .then().statusCode(400).contentType("application/problem+json").body("field", is("body"));
    }

    @Test
    void wrongMediaTypeIs415() {
        given().contentType(ContentType.TEXT).body("hello").when().post("/v1/route")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() {
        given().when().get("/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
        given().when().get("/v1/route").then().statusCode(405).contentType("application/problem+json");
    }
}
