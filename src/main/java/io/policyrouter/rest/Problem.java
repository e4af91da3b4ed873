package io.policyrouter.rest;

import io.policyrouter.policy.Decision;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** RFC 9457 problem details, with the extension members this API uses. */
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
        List<Decision.FiredRule> firedRules,
        List<Decision.RemovedCandidate> removedCandidates) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPES = "urn:policy-router:problem:";

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPES + slug, title, status, detail, null, null, null, null, null, null, null, null);
    }

    public Problem withField(String field) {
        return new Problem(type, title, status, detail, instance, field, decisionId, policyVersion, constraint, source,
                firedRules, removedCandidates);
    }

    public Problem withInstance(String instance) {
        return new Problem(type, title, status, detail, instance, field, decisionId, policyVersion, constraint, source,
                firedRules, removedCandidates);
    }
}
