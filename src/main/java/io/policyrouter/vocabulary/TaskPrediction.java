package io.policyrouter.vocabulary;

/** The classifier's best task type with its probability, and the runner-up (for explanations of uncertain facts). */
public record TaskPrediction(TaskType type, double confidence, TaskType runnerUp, double runnerUpConfidence) {
}
