package io.policyrouter.learn;

import java.util.Arrays;
import java.util.Optional;

/**
 * What happened after a decision, as a caller reports it (POST /v1/feedback) or dispatch records it itself. Each has
 * a direction: positive outcomes say the routed model was good enough, negative ones that it was not.
 */
public enum Outcome {
    ACCEPTED("accepted", true),
    THUMBS_UP("thumbs_up", true),
    TASK_COMPLETED("task_completed", true),
    REJECTED("rejected", false),
    THUMBS_DOWN("thumbs_down", false),
    RETRIED("retried", false),
    ESCALATED("escalated", false),
    /** Recorded by dispatch: a cascade step's answer failed a check. */
    FAILED_CHECK("failed_check", false);

    private final String wire;
    private final boolean positive;

    Outcome(String wire, boolean positive) {
        this.wire = wire;
        this.positive = positive;
    }

    public String wire() {
        return wire;
    }

    public boolean positive() {
        return positive;
    }

    public static Optional<Outcome> of(String wire) {
        return Arrays.stream(values()).filter(o -> o.wire.equals(wire)).findFirst();
    }

    /** The wire names callers may send (failed_check is the router's own). */
    public static String callerNames() {
        return String.join(", ", Arrays.stream(values()).filter(o -> o != FAILED_CHECK).map(Outcome::wire).toList());
    }

    /** SQL list of the positive outcomes' wire names, for aggregate queries. */
    static String sqlList(boolean positive) {
        return String.join(",", Arrays.stream(values()).filter(o -> o.positive == positive)
                .map(o -> "'" + o.wire + "'").toList());
    }
}
