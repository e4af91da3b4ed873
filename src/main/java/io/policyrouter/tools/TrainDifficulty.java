package io.policyrouter.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrouter.annotate.DifficultyScorer;
import io.policyrouter.annotate.LinearModel;
import io.policyrouter.annotate.TaskClassifier;
import io.policyrouter.annotate.TaskPrediction;
import io.policyrouter.annotate.TextFeatures;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains the difficulty model from recorded strong/weak outcomes and writes it as a classpath resource.
 *
 * <pre>
 * TrainDifficulty [--data ../shared/data/routing_outcomes_dev.jsonl] [--out src/main/resources/annotate/difficulty.model]
 *                 [--task-model src/main/resources/annotate/task-type.model]
 * </pre>
 * Rows: {@code {id, benchmark, domain, prompt, strong_correct, weak_correct, ...}}. The task-type input comes from the
 * task model (default: the file above when it exists, else the classpath copy), so train that one first.
 * Deterministic (no randomness; L-BFGS in file order).
 *
 * <p><b>Target.</b> Routing gains only where the strong model is right and the weak one wrong; a request both models
 * fail gains nothing from escalation, and one only the weak model gets right loses. Sending the top k by expected
 * gain E[strong − weak] to the strong model is optimal for every k, so the ranking logit is trained on the soft label
 * (1 + strong − weak) / 2 ∈ {0, ½, 1}; logistic regression then ranks by expected gain. (On the group-k-fold
 * evaluation this beat "weak failed" and "strong right and weak wrong" as targets.) A 2-parameter logistic
 * calibration of that logit against "weak failed" is fitted afterwards on the training rows and stored in the model, so
 * the score reads as P(weak model fails) without changing the order.
 *
 * <p><b>Inputs.</b> {@link #BASE_INPUTS}: signals of the request's shape (size, answer options, attached passage,
 * negations, numbers and operators, question form) and the task-type probabilities for reasoning and math, each with
 * a multiple-choice and a free-form adjustment, plus hashed n-grams kept separately per format. Topic cues are left
 * out on purpose: they mostly identify the subject, which does not carry over to subjects never seen.
 */
public final class TrainDifficulty {

    static final String DEFAULT_DATA = "../shared/data/routing_outcomes_dev.jsonl";
    static final String DEFAULT_OUT = "src/main/resources/annotate/difficulty.model";

    /** Shape signals and task inputs the model reads (before the per-format copies). */
    public static final String[] BASE_INPUTS = {
            "one", "length", "words", "sentences", "options", "option_length", "option_numeric", "passage",
            "first_line_share", "quotes", "cue_negation", "cue_except", "cue_factual", "numbers", "digits",
            "math_ops", "task_reasoning", "task_math"};

    /** What the ranking logit is trained to estimate. */
    public enum Target {
        /** y = 1 when the weak model failed. */
        WEAK_FAILS,
        /** y = 1 when the weak model failed and the strong one succeeded (escalation rescues the request). */
        RESCUE,
        /** y = (1 + strong − weak) / 2: ranks by expected gain of escalating (the shipped choice). */
        GAIN
    }

    public record Params(int hashBits, double l2Hashed, double l2Dense, Target target, int maxIterations) {
        public static final Params DEFAULT = new Params(14, 3e-3, 1e-3, Target.GAIN, 400);
    }

    /** One recorded outcome. */
    public record Row(String id, String benchmark, String domain, String prompt, int strong, int weak) {
    }

    private TrainDifficulty() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(DEFAULT_DATA);
        Path out = Path.of(DEFAULT_OUT);
        Path taskModel = Path.of(TrainTaskClassifier.DEFAULT_OUT);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--task-model" -> taskModel = Path.of(args[++i]);
                default -> data = Path.of(args[i]);
            }
        }
        TaskClassifier tasks;
        if (Files.exists(taskModel)) {
            try (var in = Files.newInputStream(taskModel)) {
                tasks = new TaskClassifier(LinearModel.read(in));
            }
        } else {
            tasks = new TaskClassifier();
        }
        List<Row> rows = read(data);
        LinearModel model = train(rows, Params.DEFAULT, tasks);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (OutputStream o = Files.newOutputStream(out)) {
            model.write(o);
        }
        System.out.printf(Locale.ROOT, "trained on %d rows from %s -> %s (%d bytes)%n", rows.size(), data, out,
                Files.size(out));
    }

    public static List<Row> read(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = json.readTree(line);
            String prompt = n.path("prompt").asText(null);
            if (prompt == null || !n.hasNonNull("strong_correct") || !n.hasNonNull("weak_correct")) {
                continue;
            }
            JsonNode domain = n.get("domain");
            rows.add(new Row(n.path("id").asText(""), n.path("benchmark").asText("unknown"),
                    domain == null || domain.isNull() ? null : domain.asText(), prompt,
                    n.get("strong_correct").asInt() > 0 ? 1 : 0, n.get("weak_correct").asInt() > 0 ? 1 : 0));
        }
        return rows;
    }

    /** Features of a row as the scorer sees them: text features and the task prediction. */
    public record Prepared(TextFeatures features, TaskPrediction task) {
    }

    public static List<Prepared> prepare(List<Row> rows, TaskClassifier tasks) {
        List<Prepared> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            TextFeatures f = TextFeatures.of(r.prompt());
            out.add(new Prepared(f, tasks.classify(f)));
        }
        return out;
    }

    public static LinearModel train(List<Row> rows, Params params, TaskClassifier tasks) {
        return train(rows, prepare(rows, tasks), params);
    }

    public static LinearModel train(List<Row> rows, List<Prepared> prepared, Params params) {
        String[] inputs = DifficultyScorer.gated(BASE_INPUTS);
        // Scorer over a zero model, only to map inputs exactly as scoring will.
        DifficultyScorer mapper = new DifficultyScorer(new LinearModel("difficulty", new String[] {"gain"},
                1, inputs, new float[1], new float[inputs.length], new float[2], Map.of(), new long[0]));
        List<LinearTrainer.Example> examples = new ArrayList<>(rows.size());
        long[] fingerprint = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            Prepared p = prepared.get(i);
            double y = switch (params.target()) {
                case WEAK_FAILS -> 1 - r.weak();
                case RESCUE -> r.strong() == 1 && r.weak() == 0 ? 1 : 0;
                case GAIN -> (1 + r.strong() - r.weak()) / 2.0;
            };
            examples.add(LinearTrainer.example(p.features(), DifficultyScorer.salt(p.features()),
                    mapper.inputs(p.features(), p.task()), params.hashBits(),
                    0, y, 1.0));
            fingerprint[i] = LinearModel.fingerprint(r.prompt());
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("rows", Integer.toString(rows.size()));
        meta.put("params", params.toString());
        meta.put("target", params.target().name());
        LinearModel model = LinearTrainer.train("difficulty",
                new String[] {params.target().name().toLowerCase(Locale.ROOT)}, inputs, examples,
                new LinearTrainer.Settings(params.hashBits(), params.l2Hashed(), params.l2Dense(),
                        params.maxIterations()), null, meta, fingerprint);
        // Calibrate the ranking logit to P(weak fails); monotone, so the order (and every routing figure) is kept.
        DifficultyScorer raw = new DifficultyScorer(model);
        double[] z = new double[rows.size()];
        double[] y = new double[rows.size()];
        for (int i = 0; i < z.length; i++) {
            z[i] = raw.rankingLogit(prepared.get(i).features(), prepared.get(i).task());
            y[i] = 1 - rows.get(i).weak();
        }
        double[] ab = calibrate(z, y);
        meta.put("calibration_a", Double.toString(ab[0]));
        meta.put("calibration_b", Double.toString(ab[1]));
        return model.withMeta(meta);
    }

    /** 1-D logistic regression y ~ sigmoid(a z + b) by Newton's method; a is kept positive (order preserved). */
    static double[] calibrate(double[] z, double[] y) {
        double a = 1, b = 0;
        for (int iter = 0; iter < 50; iter++) {
            double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
            for (int i = 0; i < z.length; i++) {
                double p = 1 / (1 + Math.exp(-(a * z[i] + b)));
                double r = p - y[i];
                double w = p * (1 - p);
                ga += r * z[i];
                gb += r;
                haa += w * z[i] * z[i];
                hab += w * z[i];
                hbb += w;
            }
            double det = haa * hbb - hab * hab;
            if (Math.abs(det) < 1e-12) {
                break;
            }
            double da = (hbb * ga - hab * gb) / det;
            double db = (haa * gb - hab * ga) / det;
            a -= da;
            b -= db;
            if (Math.abs(da) + Math.abs(db) < 1e-10) {
                break;
            }
        }
        if (!(a > 0) || Double.isNaN(b)) {
            return new double[] {1, 0};
        }
        return new double[] {a, b};
    }
}
