package io.policyrouter.annotate.task;

import io.policyrouter.annotate.model.LinearModel;
import io.policyrouter.annotate.shape.TextFeatures;
import io.policyrouter.vocabulary.TaskPrediction;
import io.policyrouter.vocabulary.TaskType;
import java.util.Set;

/**
 * Task type of a prompt: multinomial logistic regression over {@link TextFeatures} (hashed word/character n-grams
 * plus hand-made cue signals), trained by {@code io.policyrouter.tools.annotator.TrainTaskClassifier}.
 *
 * <p>Errors are asymmetric: calling a coding, maths, reasoning or extraction prompt "chat" sends it to a model that
 * may not cope, while the reverse only costs money. So when the model's summed probability for that capability group
 * reaches {@link #capabilityThreshold()} (stored in the model, 1/3 by default) the best group member wins even if a
 * single other label is more likely. The reported confidence is the chosen label's own probability, calibrated
 * (see {@link #calibrated}).
 *
 * <p>Thread-safe; one call costs one feature extraction (shared with {@link DifficultyScorer} through
 * {@link #classify(TextFeatures)}) and 13 dot products.
 */
public final class TaskClassifier {

    public static final String RESOURCE = "/annotate/task-type.model";

    /** Labels whose misclassification toward a weaker model is costly. */
    public static final Set<TaskType> CAPABILITY_GROUP =
            Set.of(TaskType.CODE, TaskType.MATH, TaskType.REASONING, TaskType.EXTRACTION);

    /**
     * Confidence reported when the opening imperative decides: on the dev set such imperatives named the labelled
     * task 53 times in 54 (not counting translations, which that set labels "other").
     */
    static final double LEAD_CONFIDENCE = 0.9;

    /** Model choices an opening imperative never overrides: the hardest tasks. */
    static final Set<TaskType> NEVER_OVERRIDDEN = Set.of(TaskType.CODE, TaskType.MATH, TaskType.REASONING);

    private static volatile LinearModel shipped;

    private final LinearModel model;
    private final TaskType[] types;
    private final boolean[] capability;
    private final int[] signalOf;
    private final double threshold;
    /**
     * Confidence calibration (metadata): reported = sigmoid(a * logit(p) + b + e * H + c * lead), H the entropy of the
     * probability vector (a flat one is less often right than its top probability says, most of all on prompts unlike
     * the training sources) and lead 1 when the opening imperative decides. A model without {@code confidence_lead}
     * (older files) reports at least {@code lead_confidence} for a stated intent instead.
     */
    private final double calA, calB, calEntropy, calLead, leadConfidence;
    private final boolean leadCalibrated;

    /** Loads the shipped model (once per JVM; instances share it). */
    public TaskClassifier() {
        this(shippedModel());
    }

    public TaskClassifier(LinearModel model) {
        this.model = model;
        String[] labels = model.labels();
        types = new TaskType[labels.length];
        capability = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            types[i] = TaskType.fromWire(labels[i]);
            if (types[i] == null) {
                throw new IllegalArgumentException("model label is not a task type: " + labels[i]);
            }
            capability[i] = CAPABILITY_GROUP.contains(types[i]);
        }
        if (labels.length < 2) {
            throw new IllegalArgumentException("a task model needs at least two labels");
        }
        String[] inputs = model.inputs();
        signalOf = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            signalOf[i] = TextFeatures.signalIndex(inputs[i]);
            if (signalOf[i] < 0) {
                throw new IllegalArgumentException("model input is not a text signal: " + inputs[i]);
            }
        }
        String t = model.meta("capability_threshold");
        threshold = t == null ? 1.0 / 3 : Double.parseDouble(t);
        calA = metaDouble(model, "confidence_a", 1);
        calB = metaDouble(model, "confidence_b", 0);
        calEntropy = metaDouble(model, "confidence_entropy", 0);
        leadCalibrated = model.meta("confidence_lead") != null;
        calLead = metaDouble(model, "confidence_lead", 0);
        leadConfidence = metaDouble(model, "lead_confidence", LEAD_CONFIDENCE);
    }

    private static double metaDouble(LinearModel m, String key, double fallback) {
        String v = m.meta(key);
        return v == null ? fallback : Double.parseDouble(v);
    }

    /**
     * The calibrated confidence of a label the model gave probability p, out of a probability vector of entropy
     * {@code entropy}: a logistic map fitted on leave-one-source-out predictions, so that over many requests a
     * reported 0.6 is right about 60 % of the time. {@code lead}: the opening imperative decided the label.
     */
    public double calibrated(double p, double entropy, boolean lead) {
        if (calA == 1 && calB == 0 && calEntropy == 0 && calLead == 0) {
            return p;
        }
        double q = Math.min(1 - 1e-9, Math.max(1e-9, p));
        double z = calA * Math.log(q / (1 - q)) + calB + calEntropy * entropy + (lead ? calLead : 0);
        return 1 / (1 + Math.exp(-z));
    }

    /** The confidence calibration as one string: a difficulty model records the one its inputs were made with. */
    public String calibrationKey() {
        return calA + "/" + calB + "/" + calLead + "/" + calEntropy + (leadCalibrated ? "" : "/lead>=" + leadConfidence);
    }

    /** Shannon entropy (nats) of a probability vector: 0 when one label has it all, ln(13) when flat. */
    public static double entropy(double[] p) {
        double h = 0;
        for (double v : p) {
            if (v > 0) {
                h -= v * Math.log(v);
            }
        }
        return h;
    }

    static LinearModel shippedModel() {
        LinearModel m = shipped;
        if (m == null) {
            synchronized (TaskClassifier.class) {
                m = shipped;
                if (m == null) {
                    m = LinearModel.resource(RESOURCE);
                    shipped = m;
                }
            }
        }
        return m;
    }

    public TaskPrediction classify(String text) {
        return classify(TextFeatures.of(text));
    }

    public TaskPrediction classify(TextFeatures f) {
        if (!f.hasContent()) {
            return new TaskPrediction(TaskType.OTHER, 1.0, TaskType.OPEN_QA, 0.0);
        }
        return decide(f, probabilities(f), threshold);
    }

    /**
     * The full decision rule: the model's probabilities with the capability-group preference, then the prompt's
     * opening imperative, which wins unless the model chose code, math or reasoning (errors are asymmetric).
     */
    public TaskPrediction decide(TextFeatures f, double[] p, double threshold) {
        double h = entropy(p);
        TaskPrediction model = decide(p, threshold, h);
        TaskType lead = f.leadIntent();
        if (lead != null && lead != model.type() && !NEVER_OVERRIDDEN.contains(model.type())) {
            double c = leadCalibrated ? calibrated(p[indexOf(lead)], h, true)
                    : Math.max(calibrated(p[indexOf(lead)], h, false), leadConfidence);
            return new TaskPrediction(lead, c, model.type(), Math.min(model.confidence(), 1 - c));
        }
        return model;
    }

    /**
     * The runner-up's confidence: the chosen label's, scaled by the ratio of their probabilities (the calibration is
     * fitted for the chosen label only), and never more than what the chosen label leaves.
     */
    private static double runnerUp(double chosenConfidence, double chosenP, double secondP) {
        double r = chosenP > 0 ? Math.min(1, secondP / chosenP) : 0;
        return Math.min(chosenConfidence * r, 1 - chosenConfidence);
    }

    /** True when the opening imperative decides the label over the model's own choice (see above). */
    public boolean leadDecides(TextFeatures f, double[] p, double threshold) {
        TaskType lead = f.leadIntent();
        TaskType chosen = decide(p, threshold).type();
        return lead != null && lead != chosen && !NEVER_OVERRIDDEN.contains(chosen);
    }

    private int indexOf(TaskType t) {
        for (int i = 0; i < types.length; i++) {
            if (types[i] == t) {
                return i;
            }
        }
        return 0;
    }

    /** Probabilities per label, in {@link #labels()} order. */
    public double[] probabilities(TextFeatures f) {
        double[] x = new double[signalOf.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = f.signal(signalOf[i]);
        }
        double[] z = new double[types.length];
        model.logits(f, x, z);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            z[i] = Math.exp(z[i] - max);
            sum += z[i];
        }
        for (int i = 0; i < z.length; i++) {
            z[i] /= sum;
        }
        return z;
    }

    /** The decision rule on a probability vector (argmax, with the capability-group preference). */
    public TaskPrediction decide(double[] p) {
        return decide(p, threshold);
    }

    /** The decision rule with another capability threshold (above 1: plain argmax). */
    public TaskPrediction decide(double[] p, double threshold) {
        return decide(p, threshold, entropy(p));
    }

    private TaskPrediction decide(double[] p, double threshold, double h) {
        int best = 0;
        int bestGroup = -1;
        double group = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
            if (capability[i]) {
                group += p[i];
                if (bestGroup < 0 || p[i] > p[bestGroup]) {
                    bestGroup = i;
                }
            }
        }
        int chosen = !capability[best] && bestGroup >= 0 && group >= threshold ? bestGroup : best;
        int second = -1;
        for (int i = 0; i < p.length; i++) {
            if (i != chosen && (second < 0 || p[i] > p[second])) {
                second = i;
            }
        }
        double c = calibrated(p[chosen], h, false);
        return new TaskPrediction(types[chosen], c, types[second], runnerUp(c, p[chosen], p[second]));
    }

    public TaskType[] labels() {
        return types.clone();
    }

    public double capabilityThreshold() {
        return threshold;
    }

    public LinearModel model() {
        return model;
    }
}
