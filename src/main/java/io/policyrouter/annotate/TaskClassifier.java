package io.policyrouter.annotate;

import java.util.Locale;

/** Interim keyword classifier; replaced by the trained model (issue 3). */
public final class TaskClassifier {

    public TaskPrediction classify(String text) {
        String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
        TaskType type = t.contains("```") || t.contains("def ") || t.contains("function") ? TaskType.CODE
                : t.contains("translate") ? TaskType.TRANSLATION
                : t.contains("summar") ? TaskType.SUMMARIZATION
                : t.matches("(?s).*\\d+\\s*[-+*/=]\\s*\\d+.*") ? TaskType.MATH
                : t.endsWith("?") ? TaskType.FACTUAL_QA : TaskType.OTHER;
        return new TaskPrediction(type, 0.6, TaskType.OTHER, 0.1);
    }
}
