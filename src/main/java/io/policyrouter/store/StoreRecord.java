package io.policyrouter.store;

/** Something the store keeps, handed over by the service as plain values. */
public sealed interface StoreRecord permits StoreRecord.Decision, StoreRecord.Dispatch, StoreRecord.Shadow,
        StoreRecord.Feedback {

    String decisionId();

    /**
     * One routing decision, masked: the facts (types and counts of personal data, never values) and the explanation
     * as the API shows it, both JSON.
     */
    record Decision(String decisionId, long atMs, String replica, String policyVersion, String tenant,
                    String taskType, String tier, String model, String provider, String strategy, boolean refused,
                    boolean degraded, double estimatedCostUsd, String factsJson, String explanationJson)
            implements StoreRecord {
    }

    /** How a dispatched request ended: status, result, the model that answered, cost and every attempt (JSON). */
    record Dispatch(String decisionId, long atMs, int status, String result, String model, String provider,
                    boolean stream, Double costUsd, Integer promptTokens, Integer completionTokens, long durationMs,
                    String attemptsJson) implements StoreRecord {
    }

    /** The candidate policy's decision for the same request, compared with the active one. */
    record Shadow(String decisionId, long atMs, String activeVersion, String candidateVersion, String taskType,
                  String tier, String activeModel, String candidateModel, boolean primaryDiffers,
                  boolean chainDiffers, boolean strategyDiffers, boolean refusalDiffers, double costDeltaUsd,
                  String responsibleJson) implements StoreRecord {

        public boolean differs() {
            return primaryDiffers || chainDiffers || strategyDiffers || refusalDiffers;
        }
    }

    /** What happened after a decision, from the caller or from dispatch itself; one per (decision, source). */
    record Feedback(String decisionId, String source, long atMs, String outcome, Double score, String detail)
            implements StoreRecord {
    }
}
