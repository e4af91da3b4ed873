package io.policyrouter.annotate;

import java.util.Locale;

/** What the request asks the model to do. Wire names are lower-case ("factual_qa"). */
public enum TaskType {
    CODE, MATH, REASONING, SUMMARIZATION, TRANSLATION, EXTRACTION, CLASSIFICATION,
    CREATIVE, FACTUAL_QA, OPEN_QA, BRAINSTORMING, ROLEPLAY, OTHER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; null when the text names no task type. */
    public static TaskType fromWire(String text) {
        if (text == null) {
            return null;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
