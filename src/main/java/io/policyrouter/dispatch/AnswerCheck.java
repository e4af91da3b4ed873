package io.policyrouter.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Locale;

/**
 * The cascade's answer checks: cheap, documented signs that a cheaper model's answer misses the confidence floor,
 * so the next (more capable) model of the chain answers instead. Only the first choice is checked.
 * <ul>
 * <li>{@code empty} — no text and no tool call;</li>
 * <li>{@code refusal} — the message's {@code refusal} field, or text opening with a refusal formula;</li>
 * <li>{@code invalid_json} — response_format asks for json_object/json_schema and the text is not a JSON object, or
 * lacks a property the schema's top level lists as required (deeper schema validation is not attempted).</li>
 * </ul>
 */
public final class AnswerCheck {

    /** Lower-case openings of a refusal; apostrophes are normalised first. Bounded, anchored: no regex. */
    static final List<String> REFUSALS = List.of(
            "i can't help with", "i cannot help with", "i can't assist with", "i cannot assist with",
            "i can't provide", "i cannot provide", "i can't comply", "i cannot comply", "i won't be able to help",
            "i'm unable to help", "i am unable to help", "i'm not able to help", "i am not able to help",
            "i'm sorry, but i can't", "i'm sorry, but i cannot", "i am sorry, but i cannot",
            "sorry, but i can't", "sorry, i can't", "i apologize, but i can't", "i apologize, but i cannot",
            "as an ai language model, i cannot", "as an ai, i cannot");

    private AnswerCheck() {
    }

    /** The name of the first failed check, or null when the answer passes. */
    public static String failed(String content, boolean hasToolCalls, String refusalField, JsonNode responseFormat,
                                ObjectMapper json) {
        if (refusalField != null && !refusalField.isBlank()) {
            return "refusal";
        }
        String text = content == null ? "" : content.strip();
        if (text.isEmpty()) {
            return hasToolCalls ? null : "empty";
        }
        if (isRefusal(text)) {
            return "refusal";
        }
        String type = responseFormat == null ? "" : responseFormat.path("type").asText("");
        if ((type.equals("json_object") || type.equals("json_schema")) && !validJson(text, responseFormat, json)) {
            return "invalid_json";
        }
        return null;
    }

    /** Checks a non-streaming completion's first choice. */
    public static String failed(JsonNode completion, JsonNode responseFormat, ObjectMapper json) {
        JsonNode message = completion.path("choices").path(0).path("message");
        return failed(message.path("content").asText(""), message.path("tool_calls").size() > 0,
                message.path("refusal").asText(null), responseFormat, json);
    }

    static boolean isRefusal(String text) {
        int n = Math.min(text.length(), 120);
        String head = text.substring(0, n).toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        for (String r : REFUSALS) {
            if (head.startsWith(r)) {
                return true;
            }
        }
        return false;
    }

    private static boolean validJson(String text, JsonNode responseFormat, ObjectMapper json) {
        JsonNode parsed;
        try {
            parsed = json.readTree(text); // exactly what the client will parse: a ```json fence fails
        } catch (JsonProcessingException e) {
            return false;
        }
        if (parsed == null || !parsed.isObject()) {
            return false;
        }
        for (JsonNode required : responseFormat.path("json_schema").path("schema").path("required")) {
            if (!parsed.has(required.asText())) {
                return false;
            }
        }
        return true;
    }
}
