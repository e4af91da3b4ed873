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

    /** The compliance flags a model may carry; rules and tables may only require these. */
    public static final Set<String> KNOWN_FLAGS =
            Set.of("pii_allowed", "hipaa_eligible", "pci_eligible", "zero_data_retention", "self_hosted");

    public double score(TaskType task) {
        return scores.getOrDefault(task, 0.0);
    }

    public boolean hasFlag(String flag) {
        return flags.contains(flag);
    }

    /** Estimated cost in USD of one call with the given input and output token counts. */
    public double estimateCost(int inputTokens, int outputTokens) {
        return (inputTokens * inputCostPer1M + outputTokens * outputCostPer1M) / 1_000_000.0;
    }
}
