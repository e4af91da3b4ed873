package io.policyrouter.policy;

/**
 * The policy refuses the request: a table row said so, or the hard constraints left no candidate. Inserted by the
 * rules; the decision carries it with {@link #getSource() where the refusing rule lives}.
 */
public final class Refusal {

    private final String reason;
    private final String constraint;
    private final String rule;
    private final String source;

    public Refusal(String reason, String constraint, String rule) {
        this(reason, constraint, rule, null);
    }

    private Refusal(String reason, String constraint, String rule, String source) {
        this.reason = reason;
        this.constraint = constraint;
        this.rule = rule;
        this.source = source;
    }

    /**
     * The refusal as the decision shows it: texts with the request's numbers filled in, and the readable source of
     * its rule ("…/compliance.drl.xlsx, sheet Compliance, row 26").
     */
    Refusal rendered(String reason, String constraint, String source) {
        return new Refusal(reason, constraint, rule, source);
    }

    public String getSource() {
        return source;
    }

    /** True when the hard constraints emptied the candidate set (a constraint is named), not a table row. */
    public boolean byConstraint() {
        return constraint != null && !constraint.isEmpty();
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
