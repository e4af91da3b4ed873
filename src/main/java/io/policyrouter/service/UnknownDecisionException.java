package io.policyrouter.service;

/** Feedback or a lookup names a decision the store does not keep (unknown id, or past retention): 404. */
public class UnknownDecisionException extends RuntimeException {

    public UnknownDecisionException(String decisionId) {
        super("no decision '" + decisionId + "' is kept (unknown id, or older than the store's retention)");
    }
}
