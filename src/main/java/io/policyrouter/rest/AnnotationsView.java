package io.policyrouter.rest;


import io.policyrouter.vocabulary.Annotations;
import io.policyrouter.vocabulary.DataClass;
import java.util.LinkedHashMap;
import java.util.Map;

/** The annotator's facts on the wire: sensitive data as types and counts only, never values or offsets. */
public record AnnotationsView(
        String taskType,
        double taskConfidence,
        RunnerUp runnerUp,
        Map<String, Integer> dataClasses,
        int tokens,
        String language,
        int questions,
        Complexity complexity,
        Difficulty difficulty,
        boolean followUp) {

    public record RunnerUp(String taskType, double confidence) {
    }

    public record Complexity(String band, double score, Map<String, Double> signals) {
    }

    public record Difficulty(double score, Map<String, Double> signals) {
    }

    static AnnotationsView of(Annotations a) {
        if (a == null) {
            return null;
        }
        Map<String, Integer> classes = new LinkedHashMap<>();
        for (Map.Entry<DataClass, Integer> e : a.dataClasses().entrySet()) {
            classes.put(e.getKey().name(), e.getValue());
        }
        return new AnnotationsView(a.task().type().wire(), round(a.task().confidence()),
                a.task().runnerUp() == null ? null : new RunnerUp(a.task().runnerUp().wire(),
                        round(a.task().runnerUpConfidence())),
                classes, a.tokens(), a.language(), a.questions(),
                new Complexity(a.complexity().band().wire(), a.complexity().score(), a.complexity().signals()),
                new Difficulty(round(a.difficulty().score()), a.difficulty().signals()), a.followUp());
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
