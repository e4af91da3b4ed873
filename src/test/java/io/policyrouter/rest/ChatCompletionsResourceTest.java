package io.policyrouter.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** The chat-completions API surface: OpenAI shapes, routing context in headers or metadata, errors for SDKs. */
@QuarkusTest
class ChatCompletionsResourceTest {

    static Map<String, Object> chat(String model, String prompt) {
        return Map.of("model", model, "messages", List.of(Map.of("role", "user", "content", prompt)));
    }

    @Test
    void autoRoutesAndTheResponseSaysWhatHappened() {
        given().contentType(ContentType.JSON).body(chat("auto", "Translate 'good morning' into French."))
                .when().post("/v1/chat/completions")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .header("x-route-decision-id", matchesPattern("[0-9a-f-]{36}"))
                .header("x-route-policy-version", matchesPattern("pv-[0-9a-f]{12}"))
                .header("x-route-model", not(emptyOrNullString()))
                .header("x-route-provider", not(emptyOrNullString()))
                .header("x-route-attempts", "1")
                .header("x-route-strategy", anyOf(is("direct"), is("cascade")))
                .header("x-route-estimated-cost-usd", matchesPattern("0\\.\\d{8}"))
                .header("x-route-path", endsWith("=ok"))
                .body("object", is("chat.completion"))
                .body("choices[0].message.role", is("assistant"))
                .body("choices[0].finish_reason", is("stop"))
                .body("usage.total_tokens", greaterThan(0));
    }

    @Test
    void aConcreteModelIsAPinHonouredWithinPolicy() {
        given().contentType(ContentType.JSON).body(chat("mistral-large", "Write a haiku about autumn."))
                .when().post("/v1/chat/completions")
                .then().statusCode(200)
                .header("x-route-model", "mistral-large")
                .body("model", is("mistral-large"));
        // gemini-2.0-flash may not see personal data: the pin gives way, and the header names the model that served.
        given().contentType(ContentType.JSON)
                .body(chat("gemini-2.0-flash", "Reply to jane.doe@example.com that the meeting moved to Friday."))
                .when().post("/v1/chat/completions")
                .then().statusCode(200)
                .header("x-route-model", not("gemini-2.0-flash"));
    }

    @Test
    void anUnknownModelIs404InOpenAiStyle() {
        given().contentType(ContentType.JSON).body(chat("gpt-17", "hello"))
                .when().post("/v1/chat/completions")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", is("urn:policy-router:problem:model-not-found"))
                .body("error.code", is("model_not_found"))
                .body("error.type", is("invalid_request_error"))
                .body("error.param", is("model"))
                .body("error.message", containsString("gpt-17"));
    }

    @Test
    void routingContextInHeadersIsValidatedNamingTheHeader() {
        given().contentType(ContentType.JSON).header("x-route-latency-budget-ms", "soon").body(chat("auto", "hi there"))
                .when().post("/v1/chat/completions")
                .then().statusCode(400)
                .body("field", is("x-route-latency-budget-ms"))
                .body("error.param", is("x-route-latency-budget-ms"))
                .body("error.type", is("invalid_request_error"));
        given().contentType(ContentType.JSON).header("x-route-region", "mars").body(chat("auto", "hi there"))
                .when().post("/v1/chat/completions")
                .then().statusCode(400)
                .body("field", is("x-route-region"))
                .body("detail", containsString("data_region must be one of"));
        given().contentType(ContentType.JSON).header("x-route-confidence", "absolute").body(chat("auto", "hi there"))
                .when().post("/v1/chat/completions")
                .then().statusCode(400)
                .body("field", is("x-route-confidence"));
    }

    @Test
    void routingContextInMetadataWorksAndIsValidatedNamingTheKey() {
        Map<String, Object> eu = Map.of("model", "auto", "messages", List.of(Map.of("role", "user",
                "content", "Explain photosynthesis briefly.")), "metadata", Map.of("data_region", "eu", "app", "x"));
        String model = given().contentType(ContentType.JSON).body(eu)
                .when().post("/v1/chat/completions")
                .then().statusCode(200).extract().header("x-route-model");
        List<String> euModels = given().get("/v1/models").then().extract().jsonPath()
                .getList("data.findAll { it.regions.contains('eu') }.id", String.class);
        org.junit.jupiter.api.Assertions.assertTrue(euModels.contains(model), model + " does not serve the EU");

        Map<String, Object> bad = Map.of("model", "auto", "messages", List.of(Map.of("role", "user",
                "content", "hello")), "metadata", Map.of("data_region", "atlantis"));
        given().contentType(ContentType.JSON).body(bad)
                .when().post("/v1/chat/completions")
                .then().statusCode(400)
                .body("field", is("metadata.data_region"));
    }

    @Test
    void aHeaderWinsOverMetadata() {
        Map<String, Object> body = Map.of("model", "auto", "messages", List.of(Map.of("role", "user",
                "content", "hello")), "metadata", Map.of("data_region", "atlantis"));
        given().contentType(ContentType.JSON).header("x-route-region", "eu").body(body)
                .when().post("/v1/chat/completions")
                .then().statusCode(200);
    }

    @Test
    void aRefusalIs422WithTheOpenAiErrorMember() {
        given().contentType(ContentType.JSON).header("x-route-tenant", "acme-bank").header("x-route-region", "apac")
                .body(chat("auto", "Summarise our Q3 results."))
                .when().post("/v1/chat/completions")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .header("x-route-decision-id", notNullValue())
                .body("type", is("urn:policy-router:problem:no-compliant-model"))
                .body("constraint", is("provider in [anthropic, selfhosted]"))
                .body("error.code", is("no_compliant_model"))
                .body("error.message", containsString("no model satisfies"));
    }

    @Test
    void malformedRequestsAre400WithTheOpenAiErrorMember() {
        given().contentType(ContentType.JSON).body("{\"model\": \"auto\", \"messages\": [")
                .when().post("/v1/chat/completions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("error.code", is("invalid_json"));
        given().contentType(ContentType.JSON).body(Map.of("model", "auto"))
                .when().post("/v1/chat/completions")
                .then().statusCode(400)
                .body("field", is("messages"))
                .body("error.param", is("messages"));
        given().contentType(ContentType.JSON).body(Map.of("model", "auto", "messages",
                        List.of(Map.of("role", "wizard", "content", "hi"))))
                .when().post("/v1/chat/completions")
                .then().statusCode(400)
                .body("field", is("messages[0].role"));
        given().contentType(ContentType.JSON).body(Map.of("model", "auto", "stream", "yes", "messages",
                        List.of(Map.of("role", "user", "content", "hi"))))
                .when().post("/v1/chat/completions")
                .then().statusCode(400)
                .body("field", is("stream"));
        given().contentType(ContentType.JSON).header("x-sim-fault", "gpt-4.1=explode")
                .body(chat("auto", "hi"))
                .when().post("/v1/chat/completions")
                .then().statusCode(400)
                .body("field", is("x-sim-fault"))
                .body("detail", containsString("unknown fault 'explode'"));
    }

    @Test
    void unknownOpenAiFieldsAreAcceptedAndToolCallsHistoryParses() {
        Map<String, Object> body = Map.of("model", "auto", "temperature", 0.2, "top_p", 1, "user", "u-1",
                "seed", 7, "tools", List.of(Map.of("type", "function", "function", Map.of("name", "now",
                        "parameters", Map.of("type", "object")))),
                "messages", List.of(
                        Map.of("role", "developer", "content", "Be brief."),
                        Map.of("role", "user", "content", "What time is it?"),
                        Map.of("role", "assistant", "tool_calls", List.of(Map.of("id", "c1", "type", "function",
                                "function", Map.of("name", "now", "arguments", "{}")))),
                        Map.of("role", "tool", "tool_call_id", "c1", "content", "12:00"),
                        Map.of("role", "user", "content", "And in Tokyo?")));
        given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/chat/completions")
                .then().statusCode(200)
                .body("choices[0].message.content", not(emptyOrNullString()));
    }
}
