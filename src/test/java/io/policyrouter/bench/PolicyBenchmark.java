package io.policyrouter.bench;

import io.policyrouter.tools.ToolConfig;
import io.policyrouter.policy.source.PolicyCompiler;
import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.policy.Evaluation;
import io.policyrouter.policy.PolicySettings;
import io.policyrouter.policy.RequestFacts;
import io.policyrouter.policy.RuleRunner;
import org.kie.api.runtime.KieContainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Cost of one policy evaluation (new session, insert facts and 12 candidates, fire, read back, dispose) on the
 * shipped rules and tables, compiled to the executable model as in the service. Run from the repository root:
 * mvn -q test-compile exec:exec@bench -Dbench=PolicyBenchmark
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class PolicyBenchmark {

    private KieContainer policy;
    private ModelCatalog catalog;
    private RequestFacts plain;
    private RequestFacts sensitive;
    private final PolicySettings settings = ToolConfig.settings();

    @Setup
    public void setUp() throws Exception {
        policy = PolicyCompiler.compile(List.of(Path.of("rules"), Path.of("decision-tables")));
        catalog = ModelCatalog.of(Files.readString(Path.of("src/main/resources/catalog/models.yaml")), "bench");
        plain = RequestFacts.builder().taskType("code").complexity("medium").difficulty(0.36).tokens(600)
                .channel("api").requiredConfidence("standard").build();
        sensitive = RequestFacts.builder().taskType("extraction").complexity("high").difficulty(0.36).tokens(3000)
                .dataClasses(Set.of("EMAIL", "CREDIT_CARD", "PERSON")).tenant("acme-bank").dataRegion("eu")
                .channel("chat").userTier("pro").requiredConfidence("high").followUp(true)
                .previousModel("claude-sonnet-4").build();
    }

    @Benchmark
    public Evaluation decidePlain() {
        return RuleRunner.run(policy.newKieSession(), plain, catalog.models(), settings);
    }

    /** Compliance rows, residency, tenant providers, stickiness: more rules fire. */
    @Benchmark
    public Evaluation decideSensitive() {
        return RuleRunner.run(policy.newKieSession(), sensitive, catalog.models(), settings);
    }
}
