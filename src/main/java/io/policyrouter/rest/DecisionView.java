package io.policyrouter.rest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A kept decision on the wire: its explanation (the /v1/route response it was), the facts it was made on, how the
 * dispatch ended, the candidate policy's view of it (shadow mode) and feedback.
 */
public record DecisionView(
        String decisionId,
        long recordedAtMs,
        String replica,
        String policyVersion,
        JsonNode facts,
        JsonNode explanation,
        Dispatch dispatch,
        Shadow shadow,
        List<Feedback> feedback) {

    public record Dispatch(int status, String result, String model, String provider, boolean stream, Double costUsd,
                           Integer promptTokens, Integer completionTokens, long durationMs, JsonNode attempts) {
    }

    public record Shadow(String candidateVersion, String candidateModel, boolean primaryDiffers, boolean chainDiffers,
                         boolean strategyDiffers, boolean refusalDiffers, double costDeltaUsd, JsonNode responsible) {
    }

    public record Feedback(String source, long atMs, String outcome, Double score, String detail) {
    }
}
