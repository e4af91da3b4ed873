package io.policyrouter.policy;

/** The policy refuses the request: a table row said so, or the hard constraints left no candidate. */
public final class Refusal {

    private final String reason;
    private final String constraint;
    private final String rule;

    public Refusal(String reason, String constraint, String rule) {
        this.reason = reason;
        this.constraint = constraint;
        this.rule = rule;
    }

    public String getReason() {
        return reason;
    }

    /** The constraint that emptied the candidate set, or "" for a refusal a table row asked for. */
    public String getConstraint() {
        return constraint;
    }

    public String getRule() {
        return rule;
    }
}
