package io.policyrouter.tools.annotator;

import io.policyrouter.annotate.model.LinearModel;
import io.policyrouter.annotate.shape.TextFeatures;
import io.policyrouter.annotate.task.TaskClassifier;
import io.policyrouter.vocabulary.TaskType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains the task-type model and writes it as a classpath resource.
 *
 * <pre>
 * TrainTaskClassifier [data.jsonl ...] [--out src/main/resources/annotate/task-type.model]
 * </pre>
 * Data: JSON lines with at least "prompt" and "label" (a {@link TaskType} wire name); default
 * {@code ../shared/data/task_types_dev.jsonl}. Deterministic: rows are used in file order and L-BFGS has no
 * randomness, so the same files give the same model bytes. The model records the fingerprint of every row.
 */
public final class TrainTaskClassifier {

    static final String DEFAULT_DATA = "../shared/data/task_types_dev.jsonl";
    static final String DEFAULT_OUT = "src/main/resources/annotate/task-type.model";

    /**
     * Hyper-parameters, fixed here so the shipped model and the cross-validation models are trained alike.
     * cuePrior: prior weight of a cue family toward its home label ({@link #HOME}); the data moves it.
     * classBalance: class weights are (n_max / n_label)^classBalance, a partial re-balancing of rare labels.
     * capabilityThreshold: summed capability-group probability above which a group member wins: 0.25 = a missed
     * capability prompt costs three times an over-served one (chosen after reading the cross-validated trade-off).
     */
    public record Params(int hashBits, double l2Hashed, double l2Dense, double cuePrior, double classBalance,
                         double capabilityThreshold, int maxIterations) {
        public static final Params DEFAULT = new Params(14, 2e-3, 2e-3, 1.0, 0.5, 0.25, 300);
    }

    /** Which label a cue family or structural signal speaks for, a priori. */
    static final Map<String, TaskType> HOME = new LinkedHashMap<>();

    static {
        HOME.put("code", TaskType.CODE);
        HOME.put("code_lang", TaskType.CODE);
        HOME.put("code_syntax", TaskType.CODE);
        HOME.put("error", TaskType.CODE);
        HOME.put("math", TaskType.MATH);
        HOME.put("reasoning", TaskType.REASONING);
        HOME.put("summarize", TaskType.SUMMARIZATION);
        HOME.put("translate", TaskType.TRANSLATION);
        HOME.put("extract", TaskType.EXTRACTION);
        HOME.put("classify", TaskType.CLASSIFICATION);
        HOME.put("creative", TaskType.CREATIVE);
        HOME.put("factual", TaskType.FACTUAL_QA);
        HOME.put("open", TaskType.OPEN_QA);
        HOME.put("brainstorm", TaskType.BRAINSTORMING);
        HOME.put("roleplay", TaskType.ROLEPLAY);
        HOME.put("rewrite", TaskType.OTHER);
    }

    /**
     * Cue families that are near-certain evidence of their label whatever else the prompt says (a programming
     * language or code token means code; "translate into" means translation; "act as" means roleplay): twice the
     * prior weight.
     */
    static final java.util.Set<String> STRONG = java.util.Set.of("code_lang", "code_syntax", "translate", "roleplay");

    /** One labelled prompt. */
    public record Row(String id, String source, String lang, String prompt, TaskType label) {
    }

    private TrainTaskClassifier() {
    }

    public static void main(String[] args) throws IOException {
        List<Path> data = new ArrayList<>();
        Path out = Path.of(DEFAULT_OUT);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out")) {
                out = Path.of(args[++i]);
            } else {
                data.add(Path.of(args[i]));
            }
        }
        if (data.isEmpty()) {
            data.add(Path.of(DEFAULT_DATA));
        }
        List<Row> rows = new ArrayList<>();
        for (Path p : data) {
            rows.addAll(read(p));
        }
        LinearModel model = train(rows);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (OutputStream o = Files.newOutputStream(out)) {
            model.write(o);
        }
        System.out.printf(Locale.ROOT, "trained on %d rows from %s -> %s (%d bytes)%n", rows.size(), data, out,
                Files.size(out));
    }

    /** Reads labelled rows; rows whose label is not a task type are skipped. */
    public static List<Row> read(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = json.readTree(line);
            TaskType label = TaskType.fromWire(n.path("label").asText(null));
            String prompt = n.path("prompt").asText(null);
            if (label == null || prompt == null) {
                continue;
            }
            rows.add(new Row(n.path("id").asText(""), n.path("source").asText("unknown"),
                    n.path("lang").asText("und"), prompt, label));
        }
        return rows;
    }

    /** Trains on all rows with the fixed settings above. */
    public static LinearModel train(List<Row> rows) {
        return train(rows, Params.DEFAULT);
    }

    public static LinearModel train(List<Row> rows, Params params) {
        TaskType[] types = TaskType.values();
        String[] labels = new String[types.length];
        for (int i = 0; i < types.length; i++) {
            labels[i] = types[i].wire();
        }
        String[] inputs = TextFeatures.SIGNALS;
        Map<TaskType, Integer> counts = new EnumMap<>(TaskType.class);
        for (Row r : rows) {
            counts.merge(r.label(), 1, Integer::sum);
        }
        int maxCount = counts.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        List<LinearTrainer.Example> examples = new ArrayList<>(rows.size());
        long[] fingerprint = new long[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            TextFeatures f = TextFeatures.of(row.prompt());
            double[] x = new double[inputs.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = f.signal(i);
            }
            double weight = Math.pow((double) maxCount / counts.get(row.label()), params.classBalance());
            examples.add(LinearTrainer.example(f, x, params.hashBits(), row.label().ordinal(), 0, weight));
            fingerprint[r] = LinearModel.fingerprint(row.prompt());
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("rows", Integer.toString(rows.size()));
        meta.put("params", params.toString());
        meta.put("capability_threshold", Double.toString(params.capabilityThreshold()));
        return LinearTrainer.train("task-type", labels, inputs, examples,
                new LinearTrainer.Settings(params.hashBits(), params.l2Hashed(), params.l2Dense(), params.maxIterations()),
                prior(inputs, types, params.cuePrior()),
                meta, fingerprint);
    }

    /** Prior mean of the dense weights: each cue family and a few structural signals lean toward their label. */
    static double[] prior(String[] inputs, TaskType[] types, double cuePrior) {
        int k = types.length;
        double[] mu = new double[inputs.length * k];
        for (int i = 0; i < inputs.length; i++) {
            String name = inputs[i];
            TaskType home = null;
            double weight = 0;
            if (name.startsWith("cue_")) {
                home = HOME.get(name.substring(4));
                weight = STRONG.contains(name.substring(4)) ? 2 * cuePrior : cuePrior;
            } else if (name.startsWith("lead_")) {
                home = HOME.get(name.substring(5));
                weight = STRONG.contains(name.substring(5)) ? 2 * cuePrior : cuePrior;
            } else {
                switch (name) {
                    case "fence", "code_symbols", "indented_lines" -> {
                        home = TaskType.CODE;
                        weight = cuePrior;
                    }
                    case "grounded_question" -> {
                        home = TaskType.EXTRACTION;
                        weight = cuePrior;
                    }
                    case "math_ops", "latex", "digits" -> {
                        home = TaskType.MATH;
                        weight = cuePrior;
                    }
                    default -> { }
                }
            }
            if (home != null) {
                mu[i * k + home.ordinal()] = weight;
            }
        }
        return mu;
    }
}
