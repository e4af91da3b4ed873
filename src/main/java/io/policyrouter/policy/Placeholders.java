package io.policyrouter.policy;

/**
 * The request's own numbers in explanations. Rules and constraints write {@code {tokens}}, {@code {context_need}},
 * … where a reason shows a value of this request; the assembler fills them in from the request's facts. A decision
 * served from the decision cache therefore reads exactly as a fresh evaluation would for this request.
 */
final class Placeholders {

    static final String TASK_CONFIDENCE = "{task_confidence}";
    static final String LATENCY_BUDGET = "{latency_budget_ms}";
    static final String TOKENS = "{tokens}";
    static final String OUTPUT_TOKENS = "{output_tokens}";
    static final String CONTEXT_NEED = "{context_need}";

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
                .replace(CONTEXT_NEED, String.valueOf(contextNeed(f)));
    }

    static long contextNeed(RequestFacts f) {
        return (long) f.getTokens() + f.getExpectedOutputTokens();
    }
}
