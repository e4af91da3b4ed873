package io.policyrouter.policy;

/**
 * The request's own values in explanations. Rules and constraints write {@code {tokens}}, {@code {context_need}},
 * {@code {channel}}, … where a reason shows a value of this request; the assembler fills them in from the request's
 * facts. A decision served from the decision cache therefore reads exactly as a fresh evaluation would for this
 * request.
 */
final class Placeholders {

    static final String TASK_CONFIDENCE = "{task_confidence}";
    static final String LATENCY_BUDGET = "{latency_budget_ms}";
    static final String TOKENS = "{tokens}";
    static final String OUTPUT_TOKENS = "{output_tokens}";
    static final String CONTEXT_NEED = "{context_need}";
    /** The caller's own texts; filled in last, so that a number's placeholder written in them stays as written. */
    static final String CHANNEL = "{channel}";
    static final String USER_TIER = "{user_tier}";

    private Placeholders() {
    }

    static String render(String text, RequestFacts f) {
        if (text == null || text.indexOf('{') < 0) {
            return text;
        }
        return text.replace(TASK_CONFIDENCE, String.valueOf(f.getTaskConfidence()))
                .replace(LATENCY_BUDGET, String.valueOf(f.getLatencyBudgetMs()))
                .replace(TOKENS, String.valueOf(f.getTokens()))
                .replace(OUTPUT_TOKENS, String.valueOf(f.getExpectedOutputTokens()))
                .replace(CONTEXT_NEED, String.valueOf(contextNeed(f)))
                .replace(USER_TIER, String.valueOf(f.getUserTier()))
                .replace(CHANNEL, String.valueOf(f.getChannel()));
    }

    static long contextNeed(RequestFacts f) {
        return (long) f.getTokens() + f.getExpectedOutputTokens();
    }
}
