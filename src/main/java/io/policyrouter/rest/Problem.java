package io.policyrouter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The one error body of every endpoint: RFC 9457 problem details for people and tools, with this API's extension
 * members where they apply (the field at fault, the decision and the rules behind a refusal, the dispatch attempts)
 * and OpenAI's {@code error} member, which the openai SDKs read their message and code from.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String field,
        String decisionId,
        String policyVersion,
        String constraint,
        String source,
        List<RouteResponse.FiredRule> firedRules,
        List<RouteResponse.RemovedCandidate> removedCandidates,
        List<Attempt> attempts,
        OpenAiError error) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPES = "urn:policy-router:problem:";

    /** OpenAI's error object: message, type (invalid_request_error | server_error), param, code. */
    public record OpenAiError(String message, String type, String param, String code) {
    }

    /** One step of the routing chain as the client sees it. */
    /** One step of the chain; {@code upstreamRequestId} the provider's id for the call, when it sent one. */
    public record Attempt(int step, String model, String provider, String outcome, Integer status, long latencyMs,
                          String next, @JsonInclude(JsonInclude.Include.NON_NULL) String upstreamRequestId) {
    }

    /** A problem with its OpenAI twin: {@code code} is OpenAI's machine-readable code, the slug ours. */
    static Problem of(String slug, String title, int status, String detail, String field, String code) {
        return new Problem(TYPES + slug, title, status, detail, null, field, null, null, null, null, null, null,
                null, new OpenAiError(detail, status >= 500 ? "server_error" : "invalid_request_error", field, code));
    }

    Problem withInstance(String instance) {
        return new Problem(type, title, status, detail, instance, field, decisionId, policyVersion, constraint, source,
                firedRules, removedCandidates, attempts, error);
    }

    Problem withDecision(String decisionId, String policyVersion) {
        return new Problem(type, title, status, detail, instance, field, decisionId, policyVersion, constraint, source,
                firedRules, removedCandidates, attempts, error);
    }

    Problem withRefusal(String constraint, String source, List<RouteResponse.FiredRule> firedRules,
                        List<RouteResponse.RemovedCandidate> removedCandidates) {
        return new Problem(type, title, status, detail, instance, field, decisionId, policyVersion, constraint, source,
                firedRules, removedCandidates, attempts, error);
    }

    Problem withAttempts(List<Attempt> attempts) {
        return new Problem(type, title, status, detail, instance, field, decisionId, policyVersion, constraint, source,
                firedRules, removedCandidates, attempts, error);
    }
}
