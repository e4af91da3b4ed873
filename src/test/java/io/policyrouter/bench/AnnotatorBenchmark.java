package io.policyrouter.bench;

import io.policyrouter.annotate.pii.PiiDetector;
import io.policyrouter.annotate.pii.PiiSpan;
import io.policyrouter.annotate.shape.TextFeatures;
import io.policyrouter.annotate.shape.TokenCounter;
import io.policyrouter.annotate.task.DifficultyScorer;
import io.policyrouter.annotate.task.TaskClassifier;
import io.policyrouter.vocabulary.Annotations;
import io.policyrouter.vocabulary.Difficulty;
import io.policyrouter.vocabulary.TaskPrediction;
import io.policyrouter.annotate.Annotator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cost of annotating one request on one thread (docs/benchmarks.md). Sample-time mode, so JMH reports p50/p90/p99.
 * Run: mvn -q test-compile exec:exec@bench
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class AnnotatorBenchmark {

    @Param({"2k", "20k"})
    public String size;

    private String prompt;
    private Annotator annotator;
    private PiiDetector pii;
    private TaskClassifier tasks;
    private DifficultyScorer difficulty;
    private TextFeatures features;
    private TokenCounter tokens;
    private TaskPrediction task;

    @Setup
    public void setUp() throws IOException {
        try (InputStream in = AnnotatorBenchmark.class.getResourceAsStream("/bench/prompt-" + size + ".txt")) {
            prompt = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        annotator = new Annotator();
        pii = new PiiDetector();
        tasks = new TaskClassifier();
        difficulty = new DifficultyScorer();
        tokens = new TokenCounter();
        features = TextFeatures.of(prompt);
        task = tasks.classify(features);
    }

    /** Everything /v1/annotate computes: features, task type, PII, tokens, language, complexity, difficulty. */
    @Benchmark
    public Annotations annotate() {
        return annotator.annotate(prompt);
    }

    @Benchmark
    public List<PiiSpan> pii() {
        return pii.detect(prompt);
    }

    @Benchmark
    public TaskPrediction taskType() {
        return tasks.classify(TextFeatures.of(prompt));
    }

    /** The BPE token count (jtokkit, cl100k_base). */
    @Benchmark
    public int tokens() {
        return tokens.count(prompt);
    }

    /** The difficulty score alone, on features already extracted for the task classifier. */
    @Benchmark
    public Difficulty difficultyScore() {
        return difficulty.score(prompt, features, task);
    }
}
