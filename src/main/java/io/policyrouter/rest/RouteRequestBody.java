package io.policyrouter.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Body of POST /v1/route and /v1/annotate: OpenAI-style messages (or a plain prompt) plus the routing context.
 * Unknown fields are rejected (quarkus.jackson.fail-on-unknown-properties): a typo such as "data_regoin" must
 * not silently drop a residency requirement.
 */
public record RouteRequestBody(
        List<MessageBody> messages,
        String prompt,
        String tenant,
        String userTier,
        String channel,
        Integer latencyBudgetMs,
        String requiredConfidence,
        String dataRegion,
        String conversationId,
        String previousModel,
        String pin,
        List<String> tags,
        Integer maxTokens) {

    /** content is a string or OpenAI content parts ([{"type":"text","text":"..."}]). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MessageBody(String role, JsonNode content, String name) {
    }
}
