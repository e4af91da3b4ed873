package io.policyrouter.catalog;

import io.policyrouter.vocabulary.ComplianceFlags;
import io.policyrouter.vocabulary.TaskType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates the catalog YAML. Walks the tree by hand rather than binding classes: every error can name
 * the model and the field, and nothing depends on reflection in the native image.
 */
public final class CatalogParser {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> MODEL_FIELDS = Set.of("id", "provider", "regions", "context_window", "cost",
            "latency_ms", "scores", "flags", "status", "description");

    private CatalogParser() {
    }

    public static List<ModelProfile> parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new CatalogException(source + ": not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.path("models").isArray() || root.path("models").isEmpty()) {
            throw new CatalogException(source + ": expected a non-empty list 'models'");
        }
        List<ModelProfile> models = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (JsonNode node : root.path("models")) {
            String where = source + ": models[" + index++ + "]";
            ModelProfile model = parseModel(node, where);
            if (!ids.add(model.id())) {
                throw new CatalogException(where + " (" + model.id() + "): duplicate id");
            }
            models.add(model);
        }
        return List.copyOf(models);
    }

    private static ModelProfile parseModel(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new CatalogException(where + ": expected a mapping");
        }
        String id = text(node, "id", where);
        String at = where + " (" + id + ")";
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!MODEL_FIELDS.contains(field)) {
                throw new CatalogException(at + ": unknown field '" + field + "'");
            }
        }
        String provider = text(node, "provider", at);
        List<String> regions = regions(node, at);
        int contextWindow = positiveInt(node.path("context_window"), at + ": field 'context_window'");
        JsonNode cost = object(node, "cost", at);
        double in = nonNegative(cost.path("input_per_1m"), at + ": field 'cost.input_per_1m'");
        double out = nonNegative(cost.path("output_per_1m"), at + ": field 'cost.output_per_1m'");
        JsonNode latency = object(node, "latency_ms", at);
        int p50 = positiveInt(latency.path("p50"), at + ": field 'latency_ms.p50'");
        int p95 = positiveInt(latency.path("p95"), at + ": field 'latency_ms.p95'");
        if (p95 < p50) {
            throw new CatalogException(at + ": field 'latency_ms.p95' (" + p95 + ") is below p50 (" + p50 + ")");
        }
        Map<TaskType, Double> scores = scores(node, at);
        Set<String> flags = flags(node, at);
        ModelStatus status = status(node, at);
        String description = node.path("description").asText("");
        return new ModelProfile(id, provider, regions, contextWindow, in, out, p50, p95, scores, flags, status,
                description);
    }

    private static Map<TaskType, Double> scores(JsonNode node, String at) {
        JsonNode scores = object(node, "scores", at);
        Map<TaskType, Double> result = new EnumMap<>(TaskType.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = scores.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            TaskType task = TaskType.fromWire(e.getKey());
            if (task == null) {
                throw new CatalogException(at + ": field 'scores." + e.getKey() + "': unknown task type");
            }
            double v = number(e.getValue(), at + ": field 'scores." + e.getKey() + "'");
            if (v < 0 || v > 1) {
                throw new CatalogException(at + ": field 'scores." + e.getKey() + "' must be within [0, 1], was " + v);
            }
            result.put(task, v);
        }
        for (TaskType task : TaskType.values()) {
            if (!result.containsKey(task)) {
                throw new CatalogException(at + ": field 'scores." + task.wire() + "' is missing");
            }
        }
        return Collections.unmodifiableMap(result);
    }

    private static Set<String> flags(JsonNode node, String at) {
        JsonNode flags = node.path("flags");
        if (flags.isMissingNode() || flags.isNull()) {
            return Set.of();
        }
        if (!flags.isObject()) {
            throw new CatalogException(at + ": field 'flags' must map flag names to true/false");
        }
        Set<String> result = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = flags.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!ComplianceFlags.KNOWN.contains(e.getKey())) {
                throw new CatalogException(at + ": field 'flags." + e.getKey() + "': unknown flag (known: "
                        + String.join(", ", ComplianceFlags.KNOWN.stream().sorted().toList()) + ")");
            }
            if (!e.getValue().isBoolean()) {
                throw new CatalogException(at + ": field 'flags." + e.getKey() + "' must be true or false");
            }
            if (e.getValue().booleanValue()) {
                result.add(e.getKey());
            }
        }
        return Collections.unmodifiableSet(result);
    }

    private static ModelStatus status(JsonNode node, String at) {
        JsonNode status = node.path("status");
        if (status.isMissingNode()) {
            return ModelStatus.ACTIVE;
        }
        try {
            return ModelStatus.valueOf(status.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CatalogException(at + ": field 'status' must be active, deprecated or disabled, was '"
                    + status.asText() + "'");
        }
    }

    private static List<String> regions(JsonNode node, String at) {
        JsonNode regions = node.path("regions");
        if (!regions.isArray() || regions.isEmpty()) {
            throw new CatalogException(at + ": field 'regions' must be a non-empty list");
        }
        List<String> result = new ArrayList<>();
        for (JsonNode r : regions) {
            if (!r.isTextual() || r.asText().isBlank()) {
                throw new CatalogException(at + ": field 'regions' holds an empty or non-text entry");
            }
            result.add(r.asText().trim().toLowerCase(Locale.ROOT));
        }
        return List.copyOf(result);
    }

    private static JsonNode object(JsonNode node, String field, String at) {
        JsonNode value = node.path(field);
        if (!value.isObject()) {
            throw new CatalogException(at + ": field '" + field + "' is missing or not a mapping");
        }
        return value;
    }

    private static String text(JsonNode node, String field, String at) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new CatalogException(at + ": field '" + field + "' is missing or empty");
        }
        return value.asText().trim();
    }

    private static double number(JsonNode value, String what) {
        if (!value.isNumber()) {
            throw new CatalogException(what + " must be a number");
        }
        return value.asDouble();
    }

    private static double nonNegative(JsonNode value, String what) {
        double v = number(value, what);
        if (v < 0) {
            throw new CatalogException(what + " must not be negative, was " + v);
        }
        return v;
    }

    private static int positiveInt(JsonNode value, String what) {
        if (!value.isIntegralNumber() || value.asLong() <= 0 || value.asLong() > Integer.MAX_VALUE) {
            throw new CatalogException(what + " must be a positive whole number");
        }
        return value.asInt();
    }
}
