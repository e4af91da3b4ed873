package io.policyrouter.rest;

import io.policyrouter.dispatch.Attempt;

import java.util.List;

/**
 * An error of the chat-completions API: RFC 9457 problem details for people and tools, plus the OpenAI
 * {@code error} member that the openai SDKs read their message and code from — so one body serves both.
 */
public record ChatError(
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
        List<AttemptView> attempts,
        OpenAiError error) {

    /** OpenAI's error object: message, type, param, code. */
    public record OpenAiError(String message, String type, String param, String code) {
    }

    /** One step of the chain as the client sees it. */
    public record AttemptView(int step, String model, String provider, String outcome, Integer status,
                              long latencyMs, String next) {

        static AttemptView of(Attempt a) {
            return new AttemptView(a.step(), a.model(), a.provider(), a.outcome().wire(), a.status(), a.latencyMs(),
                    a.next());
        }
    }

    static ChatError of(String slug, String title, int status, String detail, String instance, String field,
                        String openAiType, String code) {
        return new ChatError(Problem.TYPES + slug, title, status, detail, instance, field, null, null, null, null,
                null, new OpenAiError(detail, openAiType, field, code));
    }
}
