package io.policyrouter.vocabulary;

import java.util.Map;

/**
 * What the annotator read from a request. Pure facts: the annotator never chooses a model.
 * Data classes carry counts only — the values themselves never leave the annotator.
 */
public record Annotations(
        TaskPrediction task,
        Map<DataClass, Integer> dataClasses,
        int tokens,
        String language,
        int questions,
        Complexity complexity,
        Difficulty difficulty,
        boolean followUp) {
}
