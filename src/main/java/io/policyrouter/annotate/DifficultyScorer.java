package io.policyrouter.annotate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Difficulty: how likely a weaker model is to fail the request, in [0, 1], from a logistic model over
 * {@link TextFeatures} (shape signals + hashed n-grams) and the predicted task type, trained on recorded
 * strong/weak outcomes by {@code io.policyrouter.tools.TrainDifficulty}.
 *
 * <p>Two stages, both stored in the model: a <em>ranking logit</em> z trained to order requests by the expected
 * gain of escalating (strong correct − weak correct), which is what a threshold router needs; then a monotone
 * calibration score = sigmoid(a·z + b) fitted to "the weak model failed", so the number reads as that probability.
 * The calibration never changes the order, so routing quality is the ranking logit's.
 *
 * <p>{@link Difficulty#signals()} explains the score: each entry is a contribution in logit units (calibration
 * included) and {@code score = sigmoid(sum of all entries)}. Entries: {@code bias} (with the calibration offset),
 * {@code ngrams} (all hashed n-grams together), the {@value #EXPLAINED} largest named contributions, and
 * {@code other_signals} (the rest summed). Multiple-choice and free-form prompts have separate adjustments (inputs
 * named {@code mcq.*} / {@code free.*}) and separate n-gram weights.
 *
 * <p>Thread-safe; share the features with the task classifier through {@link #score(TextFeatures, TaskPrediction)}.
 */
public final class DifficultyScorer {

    public static final String RESOURCE = "/annotate/difficulty.model";
    static final int EXPLAINED = 6;
    private static final TaskType[] TYPES = TaskType.values();

    private static volatile LinearModel shipped;

    private final LinearModel model;
    private final String[] inputs;
    private final double calibrationA;
    private final double calibrationB;
    /** Per model input: index of a text signal, or -(1 + task ordinal) for a task-type input. */
    private final int[] source;
    /** Per model input: 0 = always on, 1 = only for multiple-choice prompts, 2 = only for the others. */
    private final byte[] gate;
    private static final int OPTIONS = TextFeatures.signalIndex("options");

    /** Loads the shipped model (once per JVM; instances share it). */
    public DifficultyScorer() {
        this(shippedModel());
    }

    public DifficultyScorer(LinearModel model) {
        if (model.outputs() != 1) {
            throw new IllegalArgumentException("a difficulty model has one logistic output");
        }
        this.model = model;
        this.inputs = model.inputs();
        String a = model.meta("calibration_a");
        String b = model.meta("calibration_b");
        this.calibrationA = a == null ? 1 : Double.parseDouble(a);
        this.calibrationB = b == null ? 0 : Double.parseDouble(b);
        this.source = new int[inputs.length];
        this.gate = new byte[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            String name = inputs[i];
            if (name.startsWith(MCQ)) {
                gate[i] = 1;
                name = name.substring(MCQ.length());
            } else if (name.startsWith(FREE)) {
                gate[i] = 2;
                name = name.substring(FREE.length());
            }
            source[i] = sourceOf(name);
        }
    }

    /** Input-name prefixes of copies gated by the answer format: multiple choice, or free form. */
    public static final String MCQ = "mcq.", FREE = "free.";

    /** Names of every base input: the text signals, then one per task type. */
    public static String[] inputNames() {
        String[] names = java.util.Arrays.copyOf(TextFeatures.SIGNALS, TextFeatures.SIGNALS.length + TYPES.length + 1);
        for (int t = 0; t < TYPES.length; t++) {
            names[TextFeatures.SIGNALS.length + t] = "task_" + TYPES[t].wire();
        }
        names[names.length - 1] = "one"; // a constant: with the format gates, a per-format intercept
        return names;
    }

    /**
     * The given base inputs plus a multiple-choice copy and a free-form copy of each: a shared weight and a
     * per-format adjustment ("frustratingly easy" domain adaptation), because what makes a question hard differs
     * between picking an option and producing an answer.
     */
    public static String[] gated(String[] base) {
        String[] names = java.util.Arrays.copyOf(base, base.length * 3);
        for (int i = 0; i < base.length; i++) {
            names[base.length + i] = MCQ + base[i];
            names[2 * base.length + i] = FREE + base[i];
        }
        return names;
    }

    /** N-gram salt: multiple-choice and free-form prompts keep separate n-gram weights. */
    public static int salt(TextFeatures f) {
        return multipleChoice(f) ? 0 : FREE_FORM_SALT;
    }

    private static final int FREE_FORM_SALT = 0x5BD1E995;

    /** True when the prompt lists answer options (at least two option lines). */
    public static boolean multipleChoice(TextFeatures f) {
        return f.signal(OPTIONS) >= 0.5f;
    }

    private static final int CONSTANT = Integer.MIN_VALUE;

    private static int sourceOf(String name) {
        if (name.equals("one")) {
            return CONSTANT;
        }
        if (name.startsWith("task_")) {
            TaskType t = TaskType.fromWire(name.substring(5));
            if (t != null) {
                return -(1 + t.ordinal());
            }
        }
        int s = TextFeatures.signalIndex(name);
        if (s < 0) {
            throw new IllegalArgumentException("unknown difficulty input: " + name);
        }
        return s;
    }

    static LinearModel shippedModel() {
        LinearModel m = shipped;
        if (m == null) {
            synchronized (DifficultyScorer.class) {
                m = shipped;
                if (m == null) {
                    m = LinearModel.resource(RESOURCE);
                    shipped = m;
                }
            }
        }
        return m;
    }

    public Difficulty score(String text, TaskPrediction task) {
        return score(TextFeatures.of(text), task);
    }

    public Difficulty score(TextFeatures f, TaskPrediction task) {
        double[] x = inputs(f, task);
        double[] ngrams = new double[1];
        model.addHashed(f, salt(f), ngrams);
        // Contributions in the units of the reported score's logit: calibration folded in.
        double bias = calibrationA * model.bias(0) + calibrationB;
        double logit = bias + calibrationA * ngrams[0];
        double[] contribution = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            contribution[i] = calibrationA * x[i] * model.denseWeight(i, 0);
            logit += contribution[i];
        }
        Map<String, Double> signals = new LinkedHashMap<>();
        signals.put("bias", round(bias));
        signals.put("ngrams", round(calibrationA * ngrams[0]));
        boolean[] taken = new boolean[x.length];
        for (int n = 0; n < EXPLAINED; n++) {
            int best = -1;
            for (int i = 0; i < x.length; i++) {
                if (!taken[i] && contribution[i] != 0
                        && (best < 0 || Math.abs(contribution[i]) > Math.abs(contribution[best]))) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            taken[best] = true;
            signals.put(inputs[best], round(contribution[best]));
        }
        double rest = 0;
        for (int i = 0; i < x.length; i++) {
            if (!taken[i]) {
                rest += contribution[i];
            }
        }
        signals.put("other_signals", round(rest));
        return new Difficulty(sigmoid(logit), Collections.unmodifiableMap(signals));
    }

    /** The score alone, without the explanation (evaluation tools, replays). */
    public double probability(TextFeatures f, TaskPrediction task) {
        return sigmoid(calibrationA * rankingLogit(f, task) + calibrationB);
    }

    /** The uncalibrated ranking logit z. */
    public double rankingLogit(TextFeatures f, TaskPrediction task) {
        double[] z = new double[1];
        model.logits(f, salt(f), inputs(f, task), z);
        return z[0];
    }

    /** Dense inputs in model order. */
    public double[] inputs(TextFeatures f, TaskPrediction task) {
        double[] x = new double[source.length];
        boolean mcq = multipleChoice(f);
        for (int i = 0; i < x.length; i++) {
            if (gate[i] == 1 && !mcq || gate[i] == 2 && mcq) {
                continue;
            }
            int s = source[i];
            if (s == CONSTANT) {
                x[i] = 1;
            } else if (s >= 0) {
                x[i] = f.signal(s);
            } else if (task != null) {
                int t = -s - 1;
                if (task.type() != null && task.type().ordinal() == t) {
                    x[i] = task.confidence();
                } else if (task.runnerUp() != null && task.runnerUp().ordinal() == t) {
                    x[i] = task.runnerUpConfidence();
                }
            }
        }
        return x;
    }

    public LinearModel model() {
        return model;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
