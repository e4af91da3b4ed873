package io.policyrouter.dispatch;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * A provider that refuses stream_options (a 422 for a field it does not know): the option was the router's, asked
 * for to price the stream, so the caller never sees the refusal. The step runs again without it, and the provider is
 * not asked again. An app of its own: the provider's refusal is remembered for the process.
 */
@QuarkusTest
@TestProfile(StrictProviderTest.Profile.class)
class StrictProviderTest {

    public static class Profile extends FakeUpstreamProfile {
    }

    static ExtractableResponse<Response> stream(String marker) {
        return given().contentType(ContentType.JSON).body(OpenAiProviderTest.body("Name three rivers " + marker, true))
                .post("/v1/chat/completions").then().log().ifValidationFails().extract();
    }

    @Test
    void aStreamToAProviderThatRefusesTheUsageOptionIsServedWithoutIt() {
        String model = OpenAiProviderTest.MODEL;
        // a client error about something else is the caller's: returned as is, not retried, nothing remembered
        ExtractableResponse<Response> bad = stream("[fake:400]");
        assertEquals(400, bad.statusCode(), bad.asString());
        assertEquals(model + "=client_error", bad.header("x-route-path"));

        ExtractableResponse<Response> first = stream("[fake:strict]");
        assertEquals(200, first.statusCode(), first.asString());
        assertEquals(model + "=client_error, " + model + "=ok", first.header("x-route-path"));
        assertEquals(model, first.header("x-route-model"));
        Sse sse = Sse.parse(first.asString());
        assertTrue(sse.done());
        assertTrue(sse.text().contains("include_usage=false"), sse.text());

        ExtractableResponse<Response> second = stream("[fake:strict]");
        assertEquals(200, second.statusCode(), second.asString());
        assertEquals(model + "=ok", second.header("x-route-path"), "the provider is not asked again");
    }
}
