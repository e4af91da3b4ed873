package io.policyrouter.policy;

/** The policy could not decide and no safe default applies: the request is answered 503, never silently routed. */
public class PolicyUnavailableException extends RuntimeException {

    private final String decisionId;

    public PolicyUnavailableException(String decisionId, String message) {
        super(message);
        this.decisionId = decisionId;
    }

    public String decisionId() {
        return decisionId;
    }
}
