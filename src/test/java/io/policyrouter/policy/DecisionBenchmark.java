package io.policyrouter.policy;

import io.policyrouter.annotate.Annotator;
import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.tools.ToolConfig;
import io.policyrouter.tools.policy.Workbench;
import io.policyrouter.vocabulary.Annotations;
import io.policyrouter.vocabulary.Message;
import io.policyrouter.vocabulary.RequiredConfidence;
import io.policyrouter.vocabulary.RouteRequest;
import io.policyrouter.vocabulary.RoutingContext;
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

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the request path pays to decide: annotate + decide, as {@code RoutingService} runs it (the decision cache
 * in front of the rule engine), for a plain 2 KB request and for one with personal data, EU residency, a tenant
 * and a sticky follow-up; and a cache miss (a full rule-engine run) for reference. Run from the repository root:
 * {@code mvn -q test-compile exec:exec@bench -Dbench=DecisionBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class DecisionBenchmark {

    private Annotator annotator;
    private DecisionCache cache;
    private ActivePolicy.Snapshot policy;
    private PolicyEvaluator fresh;
    private RouteRequest plain;
    private RouteRequest sensitive;
    private Annotations sensitiveFacts;
    private int expectedOutput;

    @Setup
    public void setUp() throws Exception {
        ModelCatalog catalog = ToolConfig.catalog();
        PolicySettings settings = ToolConfig.settings();
        expectedOutput = ToolConfig.policy().expectedOutputTokens();
        policy = new Workbench(catalog, settings).load(List.of(Path.of("rules"), Path.of("decision-tables")))
                .snapshot();
        fresh = new PolicyEvaluator(catalog.models(), settings);
        cache = new DecisionCache(10_000, settings, catalog.models());
        annotator = new Annotator();
        String prompt;
        try (InputStream in = DecisionBenchmark.class.getResourceAsStream("/bench/prompt-2k.txt")) {
            prompt = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        plain = new RouteRequest(List.of(new Message("user", prompt)), new RoutingContext(null, null, "api", null,
                RequiredConfidence.STANDARD, null, null, null, null, Set.of(), null));
        String personal = "Draft a reply to Anna Schmidt (anna.schmidt@example.de, +49 30 1234567, IBAN "
                + "DE89 3704 0044 0532 0130 00) about her invoice. " + prompt.substring(0, 1800);
        sensitive = new RouteRequest(List.of(new Message("user", "Summarise the customer's complaint."),
                new Message("assistant", "The customer says the invoice is wrong."), new Message("user", personal)),
                new RoutingContext("acme-bank", "pro", "chat", null, RequiredConfidence.HIGH, "eu", "c-1",
                        "claude-sonnet-4", null, Set.of(), null));
        sensitiveFacts = annotator.annotate(sensitive);
    }

    private Decision decide(RouteRequest r) {
        Annotations a = annotator.annotate(r);
        RequestFacts f = FactsMapper.toFacts(a, r.context(), expectedOutput);
        return cache.decide(policy, "bench", f, a, (p, id, facts, an) -> {
            Evaluation e = fresh.evaluate(p, facts);
            return new PolicyEngine.Decided(fresh.assemble(p, id, e, an), e);
        });
    }

    /** A plain 2 KB request: annotate + decide. */
    @Benchmark
    public Decision annotateAndDecidePlain() {
        return decide(plain);
    }

    /** Personal data, EU residency, a tenant's compliance rows and a sticky follow-up: annotate + decide. */
    @Benchmark
    public Decision annotateAndDecideSensitive() {
        return decide(sensitive);
    }

    /** A cache miss: the rule engine's full run (session, facts, candidates, fire, read back) and the assembly. */
    @Benchmark
    public Decision decideWithoutCache() {
        RequestFacts f = FactsMapper.toFacts(sensitiveFacts, sensitive.context(), expectedOutput);
        return fresh.decide(policy, "bench", f, sensitiveFacts);
    }
}
