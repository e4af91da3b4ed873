package io.policyrouter.dispatch;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * The chain the policy decides for a request, read from POST /v1/route with the same messages and context, so the
 * dispatch tests inject faults into whatever models the current policy chooses instead of hard-coding them.
 */
final class Chains {

    private Chains() {
    }

    record Chain(List<String> models, List<String> providers, String strategy) {
        String primary() {
            return models.get(0);
        }

        String fallback(int i) {
            return models.get(1 + i);
        }
    }

    static Chain of(String prompt, Map<String, Object> context) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(context);
        body.put("prompt", prompt);
        JsonPath json = given().contentType(ContentType.JSON).body(body).when().post("/v1/route")
                .then().statusCode(200).extract().jsonPath();
        List<String> models = new ArrayList<>();
        List<String> providers = new ArrayList<>();
        models.add(json.getString("primary.model"));
        providers.add(json.getString("primary.provider"));
        models.addAll(json.getList("fallbacks.model", String.class));
        providers.addAll(json.getList("fallbacks.provider", String.class));
        return new Chain(List.copyOf(models), List.copyOf(providers), json.getString("strategy"));
    }

    /** An OpenAI chat body with one user message. */
    static Map<String, Object> chat(String prompt, boolean stream) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("model", "auto");
        body.put("messages", List.of(Map.of("role", "user", "content", prompt)));
        if (stream) {
            body.put("stream", true);
        }
        return body;
    }
}
