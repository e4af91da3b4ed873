package io.policyrouter.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;
import java.util.TreeSet;

/**
 * The facts a decision was made on, as the store records them and as the diff tool reads them back to replay the
 * request under another policy. Only facts: data classes are names, never values, and there is no prompt text.
 */
public final class FactsCodec {

    private FactsCodec() {
    }

    public static ObjectNode toJson(RequestFacts f) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("task_type", f.getTaskType()).put("task_confidence", f.getTaskConfidence())
                .put("complexity", f.getComplexity()).put("difficulty", f.getDifficulty());
        f.getDataClasses().stream().sorted().forEach(n.putArray("data_classes")::add);
        n.put("tokens", f.getTokens()).put("expected_output_tokens", f.getExpectedOutputTokens())
                .put("follow_up", f.isFollowUp()).put("tenant", f.getTenant()).put("user_tier", f.getUserTier())
                .put("channel", f.getChannel()).put("latency_budget_ms", f.getLatencyBudgetMs())
                .put("required_confidence", f.getRequiredConfidence()).put("data_region", f.getDataRegion())
                .put("previous_model", f.getPreviousModel()).put("pin", f.getPin());
        f.getTags().stream().sorted().forEach(n.putArray("tags")::add);
        return n;
    }

    public static RequestFacts fromJson(JsonNode n) {
        return RequestFacts.builder().taskType(n.path("task_type").asText("other"))
                .taskConfidence(n.path("task_confidence").asDouble(1.0)).complexity(n.path("complexity").asText("low"))
                .difficulty(n.path("difficulty").asDouble()).dataClasses(texts(n.path("data_classes")))
                .tokens(n.path("tokens").asInt()).expectedOutputTokens(n.path("expected_output_tokens").asInt(512))
                .followUp(n.path("follow_up").asBoolean()).tenant(n.path("tenant").asText(""))
                .userTier(n.path("user_tier").asText("")).channel(n.path("channel").asText(""))
                .latencyBudgetMs(n.path("latency_budget_ms").asInt())
                .requiredConfidence(n.path("required_confidence").asText("standard"))
                .dataRegion(n.path("data_region").asText("")).previousModel(n.path("previous_model").asText(""))
                .pin(n.path("pin").asText("")).tags(texts(n.path("tags"))).build();
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
