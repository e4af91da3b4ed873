package io.policyrouter.rest;

import io.policyrouter.catalog.ModelProfile;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A catalog model in the OpenAI model-list shape (id, object, owned_by) plus its routing profile. */
public record ModelView(
        String id,
        String object,
        long created,
        String ownedBy,
        String status,
        List<String> regions,
        int contextWindow,
        Map<String, Double> costPer1mTokens,
        Map<String, Integer> latencyMs,
        Map<String, Double> scores,
        List<String> flags,
        String description) {

    static ModelView of(ModelProfile m) {
        Map<String, Double> scores = new TreeMap<>();
        m.scores().forEach((k, v) -> scores.put(k.wire(), v));
        return new ModelView(m.id(), "model", 0L, m.provider(), m.status().wire(), m.regions(), m.contextWindow(),
                Map.of("input", m.inputCostPer1M(), "output", m.outputCostPer1M()),
                Map.of("p50", m.p50Ms(), "p95", m.p95Ms()), scores, m.flags().stream().sorted().toList(),
                m.description());
    }

    public record ModelList(String object, List<ModelView> data) {
    }
}
