package io.policyrouter.catalog;


import io.policyrouter.vocabulary.TaskType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One model of the catalog with its measured profile: where it runs, what it costs, how fast and how good it is
 * per task type, and which compliance flags its provider contract gives it.
 */
public record ModelProfile(
        String id,
        String provider,
        List<String> regions,
        int contextWindow,
        double inputCostPer1M,
        double outputCostPer1M,
        int p50Ms,
        int p95Ms,
        Map<TaskType, Double> scores,
        Set<String> flags,
        ModelStatus status,
        String description) {

    public double score(TaskType task) {
        return scores.getOrDefault(task, 0.0);
    }

    /** Data residency, defined once: the model processes data in at least one of {@code regions}. */
    public boolean servesAnyRegion(Set<String> regions) {
        for (String r : this.regions) {
            if (regions.contains(r)) {
                return true;
            }
        }
        return false;
    }

    public boolean hasFlag(String flag) {
        return flags.contains(flag);
    }

    /** Estimated cost in USD of one call with the given input and output token counts. */
    public double estimateCost(int inputTokens, int outputTokens) {
        return (inputTokens * inputCostPer1M + outputTokens * outputCostPer1M) / 1_000_000.0;
    }
}
