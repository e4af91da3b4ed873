package io.policyrouter.dispatch;

/**
 * The caller's W3C trace context (https://www.w3.org/TR/trace-context/), passed on to every provider the chain calls
 * so that the provider's side of the call joins the caller's trace, and written with the dispatch record so that a
 * trace leads to the decision. The router adds no span of its own: it is passed through as received.
 *
 * <p>A {@code traceparent} that does not parse is dropped with its {@code tracestate}, as the specification asks of
 * a participant; it is never an error for the caller.
 */
public record TraceContext(String traceparent, String tracestate) {

    /** The specification's limit for tracestate: 32 members of at most 256 characters, 512 characters advised. */
    static final int MAX_TRACESTATE = 512;

    /** The context from the two headers, or null when there is no valid traceparent. */
    public static TraceContext of(String traceparent, String tracestate) {
        if (traceparent == null) {
            return null;
        }
        String p = traceparent.trim();
        if (!valid(p)) {
            return null;
        }
        String s = tracestate == null ? null : tracestate.trim();
        if (s != null && (s.isEmpty() || s.length() > MAX_TRACESTATE || !printable(s))) {
            s = null; // an unusable tracestate is dropped alone
        }
        return new TraceContext(p.substring(0, 55), s);
    }

    /** The 32 hexadecimal digits that name the trace. */
    public String traceId() {
        return traceparent.substring(3, 35);
    }

    /**
     * version "-" trace-id "-" parent-id "-" flags, lower-case hex. Version ff is invalid; a later version than 00
     * may append fields after a '-', which are not passed on (the 00 fields are).
     */
    static boolean valid(String p) {
        if (p.length() < 55 || p.length() > 55 && (p.charAt(55) != '-' || p.startsWith("00"))) {
            return false;
        }
        if (p.charAt(2) != '-' || p.charAt(35) != '-' || p.charAt(52) != '-') {
            return false;
        }
        return hex(p, 0, 2) && !p.startsWith("ff") && hex(p, 3, 35) && !zeros(p, 3, 35) && hex(p, 36, 52)
                && !zeros(p, 36, 52) && hex(p, 53, 55);
    }

    private static boolean hex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
