package io.policyrouter.annotate.task;

import io.policyrouter.annotate.model.DifficultyModel;
import io.policyrouter.annotate.shape.PromptShape;
import io.policyrouter.annotate.shape.TextFeatures;
import io.policyrouter.vocabulary.Difficulty;
import io.policyrouter.vocabulary.TaskPrediction;
import io.policyrouter.vocabulary.TaskType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Difficulty: how likely a weaker model is to fail the request, in [0, 1], from gradient-boosted depth-2 trees over
 * dense signals of the request — the shared {@link TextFeatures} signals, the predicted task type and the
 * {@link PromptShape} signals (answer options, stem, implied arithmetic) — trained on recorded strong/weak outcomes by
 * {@code io.policyrouter.tools.annotator.TrainDifficulty}.
 *
 * <p>Two stages, both stored in the model: the trees' output z is trained to order requests by the expected gain of
 * escalating (strong correct − weak correct), which is what a threshold router needs; a monotone calibration
 * score = sigmoid(a·z + b), fitted on held-out outputs to "the weak model failed", makes the number read as that
 * probability. The calibration never changes the order, so routing quality is the trees'.
 *
 * <p>Hashed n-grams are deliberately not used: on held-out subjects they identify the topic, which does not carry over
 * to subjects never seen (see docs/routing-quality.md).
 *
 * <p>{@link Difficulty#signals()} explains the score: each entry is a contribution in logit units (calibration
 * included) and {@code score = sigmoid(sum of all entries)}. Entries: {@code bias} (with the calibration offset), the
 * {@value #EXPLAINED} inputs with the largest contributions (each tree is credited to the input its first split
 * reads), and {@code other_signals} (the rest summed).
 *
 * <p>Prefer {@link #score(String, TextFeatures, TaskPrediction)}: {@link #score(TextFeatures, TaskPrediction)} has no
 * text to measure the prompt shape on and falls back to the model's features-only ensemble, which routes less well.
 * Thread-safe; allocation is a few small arrays per call.
 */
public final class DifficultyScorer {

    public static final String RESOURCE = "/annotate/difficulty.model";
    static final int EXPLAINED = 6;
    private static final TaskType[] TYPES = TaskType.values();

    private static volatile DifficultyModel shipped;

    private final DifficultyModel model;
    private final String[] inputs;
    /** Per model input: index of a TextFeatures signal, -(1 + task ordinal), or SHAPE_BASE + PromptShape index. */
    private final int[] source;
    private final boolean needsShape;
    /** Logit offset per task type (metadata "task_prior"; 0 when absent), indexed by TaskType ordinal. */
    private final double[] prior = new double[TYPES.length];

    private static final int SHAPE_BASE = 1 << 20;

    /** Loads the shipped model (once per JVM; instances share it). */
    public DifficultyScorer() {
        this(shippedModel());
    }

    public DifficultyScorer(DifficultyModel model) {
        this.model = model;
        this.inputs = model.inputs();
        this.source = new int[inputs.length];
        boolean shape = false;
        for (int i = 0; i < inputs.length; i++) {
            source[i] = sourceOf(inputs[i]);
            shape |= source[i] >= SHAPE_BASE;
        }
        this.needsShape = shape;
        String p = model.meta("task_prior");
        if (p != null && !p.isBlank()) {
            for (String entry : p.split(",")) {
                String[] kv = entry.split(":");
                TaskType t = TaskType.fromWire(kv[0].trim());
                if (t == null || kv.length != 2) {
                    throw new IllegalArgumentException("bad task_prior entry " + entry);
                }
                prior[t.ordinal()] = Double.parseDouble(kv[1]);
            }
        }
    }

    /**
     * The task-type prior in logit units: how much a stronger model helps this kind of request, beyond how hard the
     * text looks. The average over the classifier's two best guesses, weighted by their confidences, so a request
     * split between a capability type and another lands in between, and the confidence level alone never moves it.
     * Not applied to multiple-choice questions: that is the exam format the trees were trained on, and there the
     * recorded outcomes, not a prior, say how much a stronger model helps.
     */
    public double taskPrior(TextFeatures f, TaskPrediction task) {
        if (task == null || task.type() == null || f != null && multipleChoice(f)) {
            return 0;
        }
        double c = task.confidence();
        double r = task.runnerUp() == null ? 0 : task.runnerUpConfidence();
        if (c + r <= 0) {
            return prior[task.type().ordinal()];
        }
        double v = c * prior[task.type().ordinal()] + (task.runnerUp() == null ? 0 : r * prior[task.runnerUp().ordinal()]);
        return v / (c + r);
    }

    /**
     * Names of every input a model can read: the TextFeatures signals, one per task type ({@code task_<type>}, the
     * classifier's probability of that type when it is the best or runner-up guess), then the PromptShape signals.
     */
    public static String[] inputNames() {
        String[] tf = TextFeatures.SIGNALS;
        String[] names = new String[tf.length + TYPES.length + PromptShape.SIGNALS.length];
        System.arraycopy(tf, 0, names, 0, tf.length);
        for (int t = 0; t < TYPES.length; t++) {
            names[tf.length + t] = "task_" + TYPES[t].wire();
        }
        System.arraycopy(PromptShape.SIGNALS, 0, names, tf.length + TYPES.length, PromptShape.SIGNALS.length);
        return names;
    }

    /** True when the named input is measured on the text itself (unavailable from TextFeatures alone). */
    public static boolean isShapeInput(String name) {
        return PromptShape.index(name) >= 0 && TextFeatures.signalIndex(name) < 0;
    }

    /** True when the prompt lists answer options (at least two option lines). */
    public static boolean multipleChoice(TextFeatures f) {
        return f.signal(OPTIONS) >= 0.5f;
    }

    private static final int OPTIONS = TextFeatures.signalIndex("options");

    private static int sourceOf(String name) {
        if (name.startsWith("task_")) {
            TaskType t = TaskType.fromWire(name.substring(5));
            if (t != null) {
                return -(1 + t.ordinal());
            }
        }
        int s = TextFeatures.signalIndex(name);
        if (s >= 0) {
            return s;
        }
        int p = PromptShape.index(name);
        if (p >= 0) {
            return SHAPE_BASE + p;
        }
        throw new IllegalArgumentException("unknown difficulty input: " + name);
    }

    static DifficultyModel shippedModel() {
        DifficultyModel m = shipped;
        if (m == null) {
            synchronized (DifficultyScorer.class) {
                m = shipped;
                if (m == null) {
                    m = DifficultyModel.resource(RESOURCE);
                    shipped = m;
                }
            }
        }
        return m;
    }

    public Difficulty score(String text, TaskPrediction task) {
        return score(text, TextFeatures.of(text), task);
    }

    /** Without the text: the features-only ensemble (the prompt-shape signals cannot be measured). */
    public Difficulty score(TextFeatures f, TaskPrediction task) {
        return explain(DifficultyModel.FEATURES_ONLY, inputs(null, f, task), taskPrior(f, task));
    }

    /** The full model: {@code f} must be the features of {@code text} (shared with the task classifier). */
    public Difficulty score(String text, TextFeatures f, TaskPrediction task) {
        return explain(DifficultyModel.FULL, inputs(text == null ? "" : text, f, task), taskPrior(f, task));
    }

    private Difficulty explain(int which, float[] x, double taskPrior) {
        DifficultyModel.Ensemble e = model.ensemble(which);
        double a = e.calibrationA();
        double[] contribution = new double[x.length];
        double z = e.trees().attribute(x, contribution);
        double bias = a * e.trees().base() + e.calibrationB();
        double logit = a * z + e.calibrationB() + taskPrior;
        Map<String, Double> signals = new LinkedHashMap<>();
        signals.put("bias", round(bias));
        if (taskPrior != 0) {
            signals.put("task_prior", round(taskPrior));
        }
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
            signals.put(inputs[best], round(a * contribution[best]));
        }
        double rest = 0;
        for (int i = 0; i < x.length; i++) {
            if (!taken[i]) {
                rest += a * contribution[i];
            }
        }
        signals.put("other_signals", round(rest));
        return new Difficulty(sigmoid(logit), Collections.unmodifiableMap(signals));
    }

    /** The score alone, without the explanation (evaluation tools, replays); text null = features-only. */
    public double probability(String text, TextFeatures f, TaskPrediction task) {
        DifficultyModel.Ensemble e = model.ensemble(text == null ? DifficultyModel.FEATURES_ONLY : DifficultyModel.FULL);
        return sigmoid(e.calibrationA() * rankingLogit(text, f, task) + e.calibrationB() + taskPrior(f, task));
    }

    /** The uncalibrated ranking output z; text null = the features-only ensemble. */
    public double rankingLogit(String text, TextFeatures f, TaskPrediction task) {
        int which = text == null ? DifficultyModel.FEATURES_ONLY : DifficultyModel.FULL;
        return model.ensemble(which).trees().predict(inputs(text, f, task));
    }

    /** Dense inputs in model order; shape inputs stay 0 when {@code text} is null. */
    public float[] inputs(String text, TextFeatures f, TaskPrediction task) {
        float[] x = new float[source.length];
        float[] shape = text != null && needsShape ? PromptShape.of(text) : null;
        for (int i = 0; i < x.length; i++) {
            int s = source[i];
            if (s >= SHAPE_BASE) {
                x[i] = shape == null ? 0f : shape[s - SHAPE_BASE];
            } else if (s >= 0) {
                x[i] = f.signal(s);
            } else if (task != null) {
                int t = -s - 1;
                if (task.type() != null && task.type().ordinal() == t) {
                    x[i] = (float) task.confidence();
                } else if (task.runnerUp() != null && task.runnerUp().ordinal() == t) {
                    x[i] = (float) task.runnerUpConfidence();
                }
            }
        }
        return x;
    }

    public DifficultyModel model() {
        return model;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
