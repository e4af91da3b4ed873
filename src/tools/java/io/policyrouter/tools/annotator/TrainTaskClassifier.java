package io.policyrouter.tools.annotator;

import io.policyrouter.annotate.model.LinearModel;
import io.policyrouter.annotate.shape.TextFeatures;
import io.policyrouter.annotate.task.TaskClassifier;
import io.policyrouter.vocabulary.TaskPrediction;
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
    /**
     * Prompts written for this project (not drawn from any evaluation set), a few per label in English and Chinese:
     * every label gets examples outside the dev sources, so a source held out still leaves each label covered.
     */
    static final String HANDMADE = "src/tools/java/io/policyrouter/tools/annotator/data/task_types_handmade.jsonl";
    static final String DEFAULT_OUT = "src/main/resources/annotate/task-type.model";

    /**
     * Hyper-parameters, fixed here so the shipped model and the cross-validation models are trained alike.
     * cuePrior: prior weight of a cue family toward its home label ({@link #HOME}); the data moves it.
     * classBalance: class weights are (n_max / n_label)^classBalance, a partial re-balancing of rare labels.
     * capabilityThreshold: summed capability-group probability above which a group member wins: 0.25 = a missed
     * capability prompt costs three times an over-served one (chosen after reading the cross-validated trade-off).
     */
    public record Params(int hashBits, double l2Hashed, double l2Dense, double cuePrior, double classBalance,
                         double sourceBalance, String kinds, double capabilityThreshold, int maxIterations) {
        /**
         * Chosen on leave-one-source-out figures (docs/annotator-quality.md): only n-grams that say what is asked —
         * the opening words and pairs, the first word, the last words, the opening Chinese bigrams — plus body words
         * under a stronger penalty; no body bigrams, prefixes or symbols (they name the topic and the source).
         */
        public static final Params DEFAULT = new Params(14, 1e-2, 2e-3, 2.0, 0.5, 0.0,
                "word,lead,first,cjk_lead,lead2,tail", 0.25, 300);

        public Params with(String field, Object value) {
            double d = value instanceof Number n ? n.doubleValue() : 0;
            return switch (field) {
                case "hashBits" -> new Params((int) d, l2Hashed, l2Dense, cuePrior, classBalance, sourceBalance, kinds,
                        capabilityThreshold, maxIterations);
                case "l2Hashed" -> new Params(hashBits, d, l2Dense, cuePrior, classBalance, sourceBalance, kinds,
                        capabilityThreshold, maxIterations);
                case "l2Dense" -> new Params(hashBits, l2Hashed, d, cuePrior, classBalance, sourceBalance, kinds,
                        capabilityThreshold, maxIterations);
                case "cuePrior" -> new Params(hashBits, l2Hashed, l2Dense, d, classBalance, sourceBalance, kinds,
                        capabilityThreshold, maxIterations);
                case "classBalance" -> new Params(hashBits, l2Hashed, l2Dense, cuePrior, d, sourceBalance, kinds,
                        capabilityThreshold, maxIterations);
                case "sourceBalance" -> new Params(hashBits, l2Hashed, l2Dense, cuePrior, classBalance, d, kinds,
                        capabilityThreshold, maxIterations);
                case "kinds" -> new Params(hashBits, l2Hashed, l2Dense, cuePrior, classBalance, sourceBalance,
                        (String) value, capabilityThreshold, maxIterations);
                case "capabilityThreshold" -> new Params(hashBits, l2Hashed, l2Dense, cuePrior, classBalance,
                        sourceBalance, kinds, d, maxIterations);
                default -> throw new IllegalArgumentException(field);
            };
        }
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
        List<Row> extra = Files.exists(Path.of(HANDMADE)) ? read(Path.of(HANDMADE)) : List.of();
        LinearModel model = trainCalibrated(rows, extra, Params.DEFAULT);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (OutputStream o = Files.newOutputStream(out)) {
            model.write(o);
        }
        System.out.printf(Locale.ROOT, "trained on %d + %d hand-written rows from %s -> %s (%d bytes), calibration %s%n",
                rows.size(), extra.size(), data, out, Files.size(out), model.meta("confidence_a") + "/"
                        + model.meta("confidence_b") + "/" + model.meta("confidence_lead") + "/"
                        + model.meta("confidence_entropy"));
    }

    /**
     * The shipped model: trained on {@code rows} and {@code extra}, with its confidence calibration fitted on
     * leave-one-source-out predictions of {@code rows} (so it reflects traffic unlike the training sources).
     */
    public static LinearModel trainCalibrated(List<Row> rows, List<Row> extra, Params params) {
        List<Row> all = new ArrayList<>(rows);
        all.addAll(extra);
        LinearModel model = train(all, params);
        double[][] loso = TaskTypeEvaluation.leaveOneSourceOut(rows, extra, params);
        double[] cal = fitCalibration(rows, loso, model, params.capabilityThreshold());
        Map<String, String> meta = withCalibration(model.meta(), cal);
        meta.put("calibrated_on", "leave-one-source-out predictions of " + rows.size() + " rows");
        return model.withMeta(meta);
    }

    /**
     * Calibration {a, b, c, e} from held-out probabilities: a logistic fit of "the chosen label is right" on the logit
     * of the model's probability for it (a, intercept b), on whether the opening imperative decided the label (c) and
     * on the entropy of the probability vector (e). Chosen on the leave-one-source-out reliability: the logit alone
     * left an expected calibration error of 0.070, overconfident at both ends of the scale; the entropy is the
     * evidence the top probability leaves out (a flat vector from an unfamiliar prompt).
     */
    public static double[] fitCalibration(List<Row> rows, double[][] probs, LinearModel model, double threshold) {
        TaskClassifier probe = new TaskClassifier(uncalibrated(model));
        TaskType[] labels = probe.labels();
        double[][] x = new double[rows.size()][];
        double[] y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            TextFeatures f = TextFeatures.of(rows.get(i).prompt());
            boolean byLead = probe.leadDecides(f, probs[i], threshold);
            TaskPrediction p = probe.decide(f, probs[i], threshold);
            double q = p.confidence();
            if (byLead) {
                q = probs[i][java.util.Arrays.asList(labels).indexOf(f.leadIntent())];
            }
            q = Math.min(1 - 1e-6, Math.max(1e-6, q));
            x[i] = new double[] {Math.log(q / (1 - q)), byLead ? 1 : 0, TaskClassifier.entropy(probs[i])};
            y[i] = p.type() == rows.get(i).label() ? 1 : 0;
        }
        double[] w = logistic(x, y, 1e-3);
        if (w[0] < 0) {
            // The confidence must not fall as the label's probability rises: with the entropy in the fit the logit's
            // own slope can come out slightly negative (the two are correlated); then it is fixed at 0.
            double[][] rest = new double[x.length][];
            for (int i = 0; i < x.length; i++) {
                rest[i] = new double[] {x[i][1], x[i][2]};
            }
            double[] v = logistic(rest, y, 1e-3);
            w = new double[] {0, v[0], v[1], v[2]};
        }
        return new double[] {w[0], w[3], w[1], w[2]};
    }

    /** The model's metadata without any confidence calibration (the probe that calibration is fitted on). */
    static LinearModel uncalibrated(LinearModel model) {
        Map<String, String> plain = new LinkedHashMap<>(model.meta());
        for (String k : List.of("confidence_a", "confidence_b", "confidence_lead", "confidence_entropy",
                "lead_confidence")) {
            plain.remove(k);
        }
        return model.withMeta(plain);
    }

    /** Calibrated metadata: {@code cal} as {@link #fitCalibration} returns it. */
    static Map<String, String> withCalibration(Map<String, String> meta, double[] cal) {
        Map<String, String> m = new LinkedHashMap<>(meta);
        m.remove("lead_confidence");
        m.put("confidence_a", Double.toString(cal[0]));
        m.put("confidence_b", Double.toString(cal[1]));
        m.put("confidence_lead", Double.toString(cal[2]));
        m.put("confidence_entropy", Double.toString(cal[3]));
        return m;
    }

    /**
     * Binary logistic regression of {@code y} on the columns of {@code x}: weights for the columns, then the intercept.
     * {@code ridge} penalises the weights (not the intercept) against the summed log-loss, which keeps them finite on
     * separable data. Fitted by {@link LinearTrainer} (L-BFGS, deterministic), which minimises the mean log-loss,
     * so the ridge is divided by the row count.
     */
    static double[] logistic(double[][] x, double[] y, double ridge) {
        int d = x.length == 0 ? 0 : x[0].length;
        List<LinearTrainer.Example> data = new ArrayList<>(x.length);
        for (int i = 0; i < x.length; i++) {
            data.add(new LinearTrainer.Example(new int[0], new float[0], x[i], 0, y[i], 1));
        }
        String[] inputs = new String[d];
        for (int j = 0; j < d; j++) {
            inputs[j] = "x" + j;
        }
        LinearModel fit = LinearTrainer.train("calibration", new String[] {"right"}, inputs, data,
                new LinearTrainer.Settings(1, 0, ridge / Math.max(1, x.length), 500), null, Map.of(), new long[0]);
        double[] w = new double[d + 1];
        for (int j = 0; j < d; j++) {
            w[j] = fit.denseWeight(j, 0);
        }
        w[d] = fit.bias(0);
        return w;
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
        Map<String, Integer> perSource = new java.util.HashMap<>();
        for (Row r : rows) {
            counts.merge(r.label(), 1, Integer::sum);
            perSource.merge(r.source(), 1, Integer::sum);
        }
        int maxCount = counts.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        double meanSource = (double) rows.size() / Math.max(1, perSource.size());
        int kinds = TextFeatures.kindMask(params.kinds());
        List<LinearTrainer.Example> examples = new ArrayList<>(rows.size());
        long[] fingerprint = new long[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            TextFeatures f = TextFeatures.of(row.prompt());
            double[] x = new double[inputs.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = f.signal(i);
            }
            // Class balance re-weights rare labels; source balance keeps one large source (300 Chinese rows of one
            // benchmark) from setting the weights for every other kind of traffic.
            double weight = Math.pow((double) maxCount / counts.get(row.label()), params.classBalance())
                    * Math.pow(meanSource / perSource.get(row.source()), params.sourceBalance());
            examples.add(LinearTrainer.example(f, 0, kinds, x, params.hashBits(), row.label().ordinal(), 0, weight));
            fingerprint[r] = LinearModel.fingerprint(row.prompt());
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("rows", Integer.toString(rows.size()));
        meta.put("params", params.toString());
        meta.put("capability_threshold", Double.toString(params.capabilityThreshold()));
        if (params.kinds() != null && !params.kinds().isBlank()) {
            meta.put("hashed_kinds", params.kinds());
        }
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
