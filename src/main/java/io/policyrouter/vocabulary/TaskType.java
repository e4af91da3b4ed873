package io.policyrouter.vocabulary;


/** What the request asks the model to do. Wire names are lower-case ("factual_qa"). */
public enum TaskType {
    CODE, MATH, REASONING, SUMMARIZATION, TRANSLATION, EXTRACTION, CLASSIFICATION,
    CREATIVE, FACTUAL_QA, OPEN_QA, BRAINSTORMING, ROLEPLAY, OTHER;

    public String wire() {
        return Wire.name(this);
    }

    /** Parses a wire name; null when the text names no task type. */
    public static TaskType fromWire(String text) {
        return Wire.parse(TaskType.class, text);
    }
}
