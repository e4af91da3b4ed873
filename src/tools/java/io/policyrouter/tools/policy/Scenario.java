package io.policyrouter.tools.policy;

import io.policyrouter.vocabulary.Annotations;
import io.policyrouter.vocabulary.Complexity;
import io.policyrouter.vocabulary.ComplexityBand;
import io.policyrouter.vocabulary.DataClass;
import io.policyrouter.vocabulary.Difficulty;
import io.policyrouter.vocabulary.TaskPrediction;
import io.policyrouter.vocabulary.TaskType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.policyrouter.policy.RequestFacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One policy scenario from src/test/resources/scenarios/*.yaml: a note, the facts (what the annotator would say)
 * and context (what the caller says), and what the decision must look like. Adding a case never needs code.
 */
public record Scenario(String file, String note, RequestFacts facts, Annotations annotations, JsonNode expect) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Difficulty of a scenario that does not state one: a typical request, neither likely easy nor likely hard. */
    public static final double TYPICAL_DIFFICULTY = 0.36;

    /** Every scenario of every *.yaml file in the folder, in file order. */
    public static List<Scenario> load(Path dir) throws IOException {
        List<Scenario> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode root = YAML.readTree(p.toFile());
                if (!root.isArray()) {
                    throw new IllegalArgumentException(p + ": expected a list of scenarios");
                }
                root.forEach(n -> all.add(parse(p.getFileName().toString(), n)));
            }
        }
        return all;
    }

    public static Scenario parse(String file, JsonNode node) {
        String note = node.path("note").asText(null);
        if (note == null || note.isBlank()) {
            throw new IllegalArgumentException(file + ": every scenario needs a note");
        }
        JsonNode f = node.path("facts");
        JsonNode c = node.path("context");
        // A misspelt key would silently test nothing: reject unknown keys everywhere.
        node.fieldNames().forEachRemaining(k -> {
            if (!Set.of("note", "facts", "context", "expect").contains(k)) {
                throw new IllegalArgumentException(file + " '" + note + "': unknown key '" + k + "'");
            }
        });
        check(file, note, f, Set.of("task_type", "task_confidence", "complexity", "difficulty", "data_classes",
                "tokens", "follow_up", "expected_output_tokens"));
        check(file, note, c, Set.of("tenant", "user_tier", "channel", "latency_budget_ms", "required_confidence",
                "data_region", "previous_model", "pin"));
        check(file, note, node.path("expect"), Set.of("primary", "primary_in", "fallbacks", "fallbacks_exclude",
                "strategy", "tier", "refused", "constraint", "fired", "not_fired", "notes_contain", "chain_flags",
                "chain_regions", "chain_providers", "min_chain_score", "primary_via"));
        Set<String> classes = new LinkedHashSet<>();
        f.path("data_classes").forEach(v -> classes.add(v.asText()));
        String task = f.path("task_type").asText("other");
        RequestFacts facts = RequestFacts.builder()
                .taskType(task)
                .taskConfidence(f.path("task_confidence").asDouble(0.9))
                .complexity(f.path("complexity").asText("low"))
                .difficulty(f.path("difficulty").asDouble(TYPICAL_DIFFICULTY))
                .dataClasses(classes)
                .tokens(f.path("tokens").asInt(300))
                .expectedOutputTokens(f.path("expected_output_tokens").asInt(512))
                .followUp(f.path("follow_up").asBoolean(false))
                .tenant(c.path("tenant").asText(null))
                .userTier(c.path("user_tier").asText(null))
                .channel(c.path("channel").asText(null))
                .latencyBudgetMs(c.has("latency_budget_ms") ? c.path("latency_budget_ms").asInt() : null)
                .requiredConfidence(c.path("required_confidence").asText(null))
                .dataRegion(c.path("data_region").asText(null))
                .previousModel(c.path("previous_model").asText(null))
                .pin(c.path("pin").asText(null))
                .build();
        Map<DataClass, Integer> counts = new EnumMap<>(DataClass.class);
        classes.forEach(k -> counts.put(DataClass.valueOf(k), 1));
        TaskType type = TaskType.fromWire(task);
        Annotations a = new Annotations(new TaskPrediction(type, facts.getTaskConfidence(), null, 0),
                counts, facts.getTokens(), "en", 1,
                new Complexity(ComplexityBand.valueOf(facts.getComplexity().toUpperCase(Locale.ROOT)), 0.5, Map.of()),
                new Difficulty(facts.getDifficulty(), Map.of()), facts.isFollowUp());
        return new Scenario(file, note, facts, a, node.path("expect"));
    }

    private static void check(String file, String note, JsonNode node, Set<String> allowed) {
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                unknown.add(k);
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(file + " '" + note + "': unknown keys " + unknown + " (allowed: "
                    + allowed + ")");
        }
    }
}
