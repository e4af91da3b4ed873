package io.policyrouter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The API contract: each endpoint's response for a fixed request, and the OpenAPI document, against golden files in
 * src/test/resources/api/. Responses are compared by shape — every field name and JSON type at every path — so a
 * renamed domain field, a dropped member or a changed type fails the build, while values (scores, costs, ids) may
 * move with the policy. The OpenAPI document is compared whole. After an intended API change, regenerate with
 * {@code mvn test -Dtest=ApiContractTest -Dapi.golden.update=true} and review the diff.
 */
@QuarkusTest
class ApiContractTest {

    static final Path GOLDEN = Path.of("src/test/resources/api");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    /** Objects whose keys are data (labels, class names, model ids), not schema: compared as maps. */
    static final Set<String> MAPS = Set.of("data_classes", "cells", "signals", "scores", "cost_per_1m_tokens",
            "latency_ms", "headers");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "route                | POST | /v1/route            | {\"prompt\":\"Write a Python function that checks whether a string is a palindrome.\",\"channel\":\"api\",\"data_region\":\"eu\"}",
            "route-refused        | POST | /v1/route            | {\"prompt\":\"Summarise our Q3 results.\",\"tenant\":\"acme-bank\",\"data_region\":\"apac\"}",
            "annotate             | POST | /v1/annotate         | {\"prompt\":\"Summarise: Dr. Jane Doe (jane.doe@example.com) met the board in Berlin.\"}",
            "problem-invalid      | POST | /v1/route            | {\"prompt\":\"a\",\"data_region\":\"mars\"}",
            "chat-completion      | POST | /v1/chat/completions | {\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]}",
            "chat-unknown-model   | POST | /v1/chat/completions | {\"model\":\"gpt-17\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]}",
            "models               | GET  | /v1/models           | ",
            "policy               | GET  | /v1/policy           | ",
    })
    void responseShapeIsStable(String name, String method, String path, String body) throws Exception {
        Response r = method.equals("GET") ? given().when().get(path)
                : given().contentType(ContentType.JSON).body(body).when().post(path);
        compare(name, JSON.readTree(r.asString()), true);
    }

    @ParameterizedTest(name = "openapi")
    @CsvSource("openapi")
    void openApiDocumentIsStable(String name) throws Exception {
        JsonNode doc = JSON.readTree(given().queryParam("format", "json").when().get("/q/openapi").asString());
        ((ObjectNode) doc).remove("info"); // title and version move with the build, not with the API
        compare(name, doc, false);
    }

    private static void compare(String name, JsonNode actual, boolean byShape) throws Exception {
        Path file = GOLDEN.resolve(name + ".json");
        if (Boolean.getBoolean("api.golden.update") || !Files.exists(file)) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, JSON.writeValueAsString(JSON.treeToValue(actual, Object.class)) + "\n");
            if (!Boolean.getBoolean("api.golden.update")) {
                throw new AssertionError("no golden file " + file + ": written now, review and commit it");
            }
            return;
        }
        JsonNode golden = JSON.readTree(file.toFile());
        if (byShape) {
            assertEquals(JSON.writeValueAsString(shape(golden, "")), JSON.writeValueAsString(shape(actual, "")),
                    name + ": the response's shape differs from " + file);
        } else {
            assertEquals(sorted(golden), sorted(actual), name + ": differs from " + file);
        }
    }

    private static String sorted(JsonNode n) throws Exception {
        return JSON.writeValueAsString(JSON.treeToValue(n, Object.class));
    }

    /** Field names and JSON types at every path; array elements merged; data-keyed maps as one value shape. */
    static Object shape(JsonNode n, String field) {
        if (n.isObject()) {
            Map<String, Object> out = new TreeMap<>();
            if (MAPS.contains(field)) {
                Object value = null;
                for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
                    value = merge(value, shape(it.next(), ""));
                }
                out.put("<map>", value == null ? "empty" : value);
                return out;
            }
            n.fields().forEachRemaining(e -> out.put(e.getKey(), shape(e.getValue(), e.getKey())));
            return out;
        }
        if (n.isArray()) {
            Object element = null;
            for (JsonNode e : n) {
                element = merge(element, shape(e, field));
            }
            return element == null ? "[]" : Map.of("[]", element);
        }
        return n.isNumber() ? "number" : n.isTextual() ? "string" : n.isBoolean() ? "boolean" : "null";
    }

    @SuppressWarnings("unchecked")
    private static Object merge(Object a, Object b) {
        if (a == null) {
            return b;
        }
        if (a instanceof Map && b instanceof Map) {
            Map<String, Object> out = new TreeMap<>((Map<String, Object>) a);
            ((Map<String, Object>) b).forEach((k, v) -> out.merge(k, v, ApiContractTest::merge));
            return out;
        }
        return a.equals(b) ? a : a + "|" + b;
    }
}
