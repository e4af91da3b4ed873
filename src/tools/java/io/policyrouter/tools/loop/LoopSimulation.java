package io.policyrouter.tools.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.policyrouter.annotate.Annotator;
import io.policyrouter.vocabulary.Message;
import io.policyrouter.vocabulary.RouteRequest;
import io.policyrouter.vocabulary.RoutingContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The calibration loop, proven on recorded outcomes: RouteLLM's strong/weak outcome data replayed as traffic and
 * feedback through a running router whose catalog holds the two models.
 *
 * <pre>
 * calibrate  annotates the calibration split (40 % of rows, by id) and writes the two-model catalog whose scores are
 *            each model's measured correctness per task type (src/test/resources/simulation/models.yaml)
 * run        replays the other 60 %: POST /v1/route (half the rows pinned to the weak model, as an A/B bucket; the rest
 *            routed by the policy), POST /v1/feedback with the routed model's recorded correctness; after a healthy
 *            first part, the weak model's correctness on one task type is degraded (correct answers turned into
 *            wrong ones at random until its rate is the target); GET /v1/drift tells when the drift is flagged
 * </pre>
 * Usage: LoopSimulation calibrate [--data file] [--out models.yaml]
 *        LoopSimulation run [--url http://localhost:8080] [--data file] [--degrade-task reasoning] [--degrade-to 0.45]
 */
public final class LoopSimulation {

    static final String STRONG = "strong";
    static final String WEAK = "weak";
    public static final Path DATA = Path.of("../shared/data/routing_outcomes_dev.jsonl");
    static final ObjectMapper JSON = new ObjectMapper();

    /** One recorded prompt with both models' correctness. */
    public record Row(String id, String benchmark, String prompt, boolean strongCorrect, boolean weakCorrect) {

        boolean calibration() {
            return bucket(id, 10) < 4;
        }

        boolean pinnedWeak() {
            return bucket(id + "#pin", 2) == 0;
        }
    }

    /** What the replay found. */
    public record Result(int replayed, int healthy, Map<String, Object> healthyFlags, long healthyPairsJudged,
                         Integer detectedAfter, JsonNode finalDrift, Map<String, double[]> measured) {
    }

    private LoopSimulation() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "run" : args[0];
        Path data = DATA;
        Path out = Path.of("src/test/resources/simulation/models.yaml");
        String url = "http://localhost:8080";
        String task = "reasoning";
        double to = 0.45;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--url" -> url = args[++i];
                case "--degrade-task" -> task = args[++i];
                case "--degrade-to" -> to = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        List<Row> rows = load(data);
        if (command.equals("calibrate")) {
            Files.writeString(out, catalog(calibrate(rows)));
            System.out.println("wrote " + out);
        } else {
            Result r = run(url, rows, task, to, 0.3, System.out::println);
            System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r));
        }
    }

    public static List<Row> load(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                JsonNode n = JSON.readTree(line);
                rows.add(new Row(n.path("id").asText(), n.path("benchmark").asText(), n.path("prompt").asText(),
                        n.path("strong_correct").asInt() == 1, n.path("weak_correct").asInt() == 1));
            }
        }
        return rows;
    }

    /** Correctness per model and annotated task type on the calibration split: {model → task → [correct, n]}. */
    static Map<String, Map<String, long[]>> calibrate(List<Row> rows) {
        Annotator annotator = new Annotator();
        Map<String, Map<String, long[]>> out = new TreeMap<>();
        for (Row r : rows) {
            if (!r.calibration()) {
                continue;
            }
            String task = annotator.annotate(new RouteRequest(List.of(new Message("user", r.prompt())),
                    RoutingContext.empty())).task().type().wire();
            add(out, STRONG, task, r.strongCorrect());
            add(out, WEAK, task, r.weakCorrect());
            add(out, STRONG, "*", r.strongCorrect());
            add(out, WEAK, "*", r.weakCorrect());
        }
        return out;
    }

    private static void add(Map<String, Map<String, long[]>> m, String model, String task, boolean correct) {
        long[] c = m.computeIfAbsent(model, k -> new TreeMap<>()).computeIfAbsent(task, k -> new long[2]);
        c[0] += correct ? 1 : 0;
        c[1]++;
    }

    /** The two-model catalog; a task type with fewer than 50 calibration rows gets the model's overall rate. */
    static String catalog(Map<String, Map<String, long[]>> measured) {
        String[] tasks = {"code", "math", "reasoning", "summarization", "translation", "extraction", "classification",
                "creative", "factual_qa", "open_qa", "brainstorming", "roleplay", "other"};
        StringBuilder y = new StringBuilder("""
                # Two-model catalog for the calibration-loop simulation (CalibrationLoopTest; docs/calibration-loop.md):
                # the strong and the weak model of RouteLLM's outcome data (routing_outcomes_dev.jsonl). Scores are each
                # model's measured correctness per annotated task type on the calibration split (40 % of rows, by id),
                # written by: mvn -q compile exec:java@simulate-loop -Dexec.args=calibrate
                models:
                """);
        for (String model : List.of(STRONG, WEAK)) {
            Map<String, long[]> m = measured.get(model);
            y.append("  - id: ").append(model).append('\n')
                    .append("    provider: ").append(model).append("-provider\n")
                    .append("    description: ").append(model.equals(STRONG) ? "gpt-4-1106-preview"
                            : "Mixtral-8x7B-Instruct-v0.1").append(" in RouteLLM's outcome data.\n")
                    .append("    regions: [us, eu]\n")
                    .append("    context_window: ").append(model.equals(STRONG) ? 128000 : 32000).append('\n')
                    .append(model.equals(STRONG) ? "    cost: {input_per_1m: 10.00, output_per_1m: 30.00}\n"
                            : "    cost: {input_per_1m: 0.60, output_per_1m: 0.60}\n")
                    .append(model.equals(STRONG) ? "    latency_ms: {p50: 800, p95: 2000}\n"
                            : "    latency_ms: {p50: 400, p95: 1000}\n")
                    .append("    scores:\n");
            for (String t : tasks) {
                long[] c = m.getOrDefault(t, new long[2]);
                long[] all = m.get("*");
                double score = c[1] >= 50 ? (double) c[0] / c[1] : (double) all[0] / all[1];
                y.append(String.format(Locale.ROOT, "      %s: %.2f   # %d of %d%n", t, score, c[1] >= 50 ? c[0]
                        : all[0], c[1] >= 50 ? c[1] : all[1]));
            }
            y.append("    flags: {pii_allowed: true, hipaa_eligible: true, pci_eligible: true, zero_data_retention: "
                    + "true, self_hosted: false}\n    status: active\n");
        }
        return y.toString();
    }

    /**
     * Replays the replay split through the router. {@code healthyShare} of it is sent as recorded; from then on the
     * weak model's correct answers on {@code degradedTask} turn wrong with the probability that brings the rate the
     * healthy part measured to {@code degradedTo}. Drift is read every 50 requests of the degraded part, over that part's window.
     */
    public static Result run(String url, List<Row> rows, String degradedTask, double degradedTo, double healthyShare,
                             java.util.function.Consumer<String> log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        // in a fixed random order: the file is sorted by benchmark and subject, live traffic is not
        List<Row> replay = new ArrayList<>(rows.stream().filter(r -> !r.calibration()).toList());
        java.util.Collections.shuffle(replay, new Random(7));
        Map<String, Map<String, long[]>> calibration = calibrate(rows);
        long[] weakBase = calibration.get(WEAK).getOrDefault(degradedTask, new long[] {1, 1});
        double flip = Math.max(0, 1 - degradedTo / ((double) weakBase[0] / weakBase[1]));
        String degradedPair = WEAK + " × " + degradedTask;
        Random random = new Random(42);
        int healthy = (int) (replay.size() * healthyShare);
        long start = System.currentTimeMillis();
        long degradedFrom = 0;
        Map<String, Object> healthyFlags = new TreeMap<>();
        long healthyJudged = 0;
        Integer detectedAfter = null;
        Map<String, double[]> measured = new TreeMap<>();
        int refused = 0;
        for (int i = 0; i < replay.size(); i++) {
            Row r = replay.get(i);
            if (i == healthy) {
                JsonNode d = drift(http, url, start);
                d.path("flags").forEach(f -> healthyFlags.put(f.path("model").asText() + " × "
                        + f.path("task_type").asText(), f.path("measured").asDouble()));
                healthyJudged = d.path("checked").size();
                log.accept("healthy part: " + healthy + " requests, " + healthyJudged + " model × task pairs judged, "
                        + "flags " + healthyFlags);
                // the weak model serves the requests the policy finds easy, so its rate there is above the
                // calibration split's: degrade from the rate the healthy part measured, so the target is what it sees
                double[] seen = measured.get(degradedPair);
                if (seen != null && seen[1] >= 30) {
                    flip = Math.max(0, 1 - degradedTo / (seen[0] / seen[1]));
                }
                degradedFrom = System.currentTimeMillis();
            }
            ObjectNode body = JSON.createObjectNode().put("prompt", r.prompt()).put("channel", "api")
                    .put("required_confidence", "low").put("tenant", "simulation");
            if (r.pinnedWeak()) {
                body.put("pin", WEAK);
            }
            JsonNode decision = post(http, url + "/v1/route", body);
            if (decision == null) {
                refused++; // refused as the policy says (e.g. a prompt holding a credential): no model, no outcome
                continue;
            }
            String model = decision.path("primary").path("model").asText();
            String task = decision.path("annotations").path("task_type").asText();
            boolean correct = model.equals(STRONG) ? r.strongCorrect() : r.weakCorrect();
            if (i >= healthy && model.equals(WEAK) && task.equals(degradedTask) && correct
                    && random.nextDouble() < flip) {
                correct = false;
            }
            double[] m = measured.computeIfAbsent(model + " × " + task + (i >= healthy ? " (degraded part)" : ""),
                    k -> new double[2]);
            m[0] += correct ? 1 : 0;
            m[1]++;
            post(http, url + "/v1/feedback", JSON.createObjectNode().put("decision_id",
                    decision.path("decision_id").asText()).put("outcome", correct ? "accepted" : "rejected")
                    .put("source", "simulation"));
            if (i > healthy && detectedAfter == null && (i - healthy) % 50 == 0) {
                for (JsonNode f : drift(http, url, degradedFrom).path("flags")) {
                    if (f.path("model").asText().equals(WEAK) && f.path("task_type").asText().equals(degradedTask)) {
                        detectedAfter = i - healthy;
                        log.accept("drift of " + WEAK + " × " + degradedTask + " flagged after " + detectedAfter
                                + " requests of the degraded part: measured " + f.path("measured").asDouble());
                    }
                }
            }
        }
        Thread.sleep(600); // the last decisions reach the store (flush interval 200 ms)
        JsonNode last = drift(http, url, degradedFrom);
        measured.replaceAll((k, v) -> new double[] {v[1] == 0 ? 0 : v[0] / v[1], v[1]});
        log.accept("replayed " + replay.size() + " requests, " + refused + " refused by the policy");
        return new Result(replay.size(), healthy, healthyFlags, healthyJudged, detectedAfter, last, measured);
    }

    private static JsonNode drift(HttpClient http, String url, long sinceMs) throws Exception {
        double seconds = (System.currentTimeMillis() - sinceMs) / 1000.0 + 0.5;
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/drift?window=PT"
                + String.format(Locale.ROOT, "%.3f", seconds) + "S")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /v1/drift answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static JsonNode post(HttpClient http, String url, JsonNode body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 422) {
            return null;
        }
        if (r.statusCode() >= 300) {
            throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    static int bucket(String key, int n) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % n);
    }
}
