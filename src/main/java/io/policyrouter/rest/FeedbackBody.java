package io.policyrouter.rest;

/** Body of POST /v1/feedback. Unknown fields are rejected, like every body of this API. */
public record FeedbackBody(String decisionId, String outcome, Double score, String source, String detail) {
}
