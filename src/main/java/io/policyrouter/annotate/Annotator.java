package io.policyrouter.annotate;


import io.policyrouter.annotate.pii.PiiDetector;
import io.policyrouter.annotate.pii.PiiSpan;
import io.policyrouter.annotate.shape.ComplexityEstimator;
import io.policyrouter.annotate.shape.FollowUpDetector;
import io.policyrouter.annotate.shape.LanguageDetector;
import io.policyrouter.annotate.shape.TextFeatures;
import io.policyrouter.annotate.shape.TokenCounter;
import io.policyrouter.annotate.task.DifficultyScorer;
import io.policyrouter.annotate.task.TaskClassifier;
import io.policyrouter.vocabulary.Annotations;
import io.policyrouter.vocabulary.DataClass;
import io.policyrouter.vocabulary.Message;
import io.policyrouter.vocabulary.RouteRequest;
import io.policyrouter.vocabulary.TaskPrediction;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a request and returns facts; never chooses a model. The task is read from the latest user turn, but data
 * classes and tokens cover every message, because the provider receives the whole conversation.
 */
public final class Annotator {

    private final TaskClassifier tasks;
    private final PiiDetector pii;
    private final DifficultyScorer difficulty;
    private final TokenCounter tokens = new TokenCounter();
    private final LanguageDetector language = new LanguageDetector();
    private final ComplexityEstimator complexity = new ComplexityEstimator();
    private final FollowUpDetector followUp = new FollowUpDetector();

    public Annotator() {
        this(new TaskClassifier(), new PiiDetector(), new DifficultyScorer());
    }

    public Annotator(TaskClassifier tasks, PiiDetector pii, DifficultyScorer difficulty) {
        this.tasks = tasks;
        this.pii = pii;
        this.difficulty = difficulty;
    }

    public Annotations annotate(RouteRequest request) {
        String text = request.lastUserText();
        Map<DataClass, Integer> classes = new EnumMap<>(DataClass.class);
        List<PiiSpan> routed = List.of();
        int textTokens = -1;
        int tokenCount = 0;
        for (Message m : request.messages()) {
            String content = m.content() == null ? "" : m.content();
            List<PiiSpan> spans = pii.detect(content);
            if (content == text) {
                routed = spans;
            }
            int t = tokens.count(content);
            if (content == text) {
                textTokens = t;
            }
            // 4 framing tokens per message in the chat format.
            tokenCount += t + 4;
            for (PiiSpan span : spans) {
                classes.merge(span.type(), 1, Integer::sum);
            }
        }
        if (textTokens < 0) {
            textTokens = tokens.count(text);
        }
        // The task is read from what is asked, not from the data handed over: a phone or card number is no sum.
        String asked = masked(text, routed);
        TextFeatures features = TextFeatures.of(asked); // shared by both learned models: extracted once
        TaskPrediction task = tasks.classify(features);
        int questions = countQuestions(text);
        boolean history = request.hasHistory() || request.context().previousModel() != null;
        return new Annotations(task, Collections.unmodifiableMap(classes), tokenCount, language.detect(asked),
                questions, complexity.estimate(features, textTokens, questions), difficulty.score(asked, features, task),
                followUp.detect(text, history));
    }

    /**
     * The text with every structured datum (e-mail, phone, card, identifiers, addresses, secrets, dates) replaced by
     * the name of its class, so digits and symbols of personal data do not read as maths or code. Names stay: they
     * are words of the sentence. Returns the text itself when there is nothing to replace.
     */
    static String masked(String text, List<PiiSpan> spans) {
        StringBuilder sb = null;
        int at = 0;
        for (PiiSpan s : spans) {
            if (s.type() == DataClass.PERSON || s.type() == DataClass.MEDICAL || s.start() < at) {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length());
            }
            sb.append(text, at, s.start()).append(PLACEHOLDER);
            at = s.end();
        }
        return sb == null ? text : sb.append(text, at, text.length()).toString();
    }

    /** A word no cue family lists: the placeholder must not speak for a task itself ("email" means writing one). */
    private static final String PLACEHOLDER = "data";

    /** Annotates a single prompt with no conversation around it (evaluation tools, benchmarks). */
    public Annotations annotate(String prompt) {
        return annotate(new RouteRequest(List.of(new Message("user", prompt)), io.policyrouter.vocabulary.RoutingContext.empty()));
    }

    static int countQuestions(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '?' || c == '？') {
                count++;
                while (i + 1 < text.length() && (text.charAt(i + 1) == '?' || text.charAt(i + 1) == '？')) {
                    i++;
                }
            }
        }
        return count;
    }
}
