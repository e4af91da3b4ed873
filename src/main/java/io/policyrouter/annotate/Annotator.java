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
        TextFeatures features = TextFeatures.of(text); // shared by both learned models: extracted once
        TaskPrediction task = tasks.classify(features);
        Map<DataClass, Integer> classes = new EnumMap<>(DataClass.class);
        int textTokens = tokens.count(text);
        int tokenCount = 0;
        for (Message m : request.messages()) {
            String content = m.content() == null ? "" : m.content();
            // 4 framing tokens per message in the chat format; the routed turn is counted once.
            tokenCount += (content == text ? textTokens : tokens.count(content)) + 4;
            for (PiiSpan span : pii.detect(content)) {
                classes.merge(span.type(), 1, Integer::sum);
            }
        }
        int questions = countQuestions(text);
        boolean history = request.hasHistory() || request.context().previousModel() != null;
        return new Annotations(task, Collections.unmodifiableMap(classes), tokenCount, language.detect(text),
                questions, complexity.estimate(features, textTokens, questions), difficulty.score(text, features, task),
                followUp.detect(text, history));
    }

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
