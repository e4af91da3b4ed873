package io.policyrouter.policy;


/** The policy refused the request (a compliance row, or no compliant model): answered 422 with the reason. */
public class RoutingRefusedException extends RuntimeException {

    private final transient Decision decision;

    public RoutingRefusedException(Decision decision) {
        super(decision.refusal().getReason());
        this.decision = decision;
    }

    public Decision decision() {
        return decision;
    }
}
