package io.policyrouter.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.catalog.ModelProfile;
import io.policyrouter.rest.RouteMapper;
import io.policyrouter.tools.ToolConfig;
import io.policyrouter.tools.policy.TableEditTest;
import io.policyrouter.tools.policy.Workbench;
import io.policyrouter.vocabulary.Annotations;
import io.policyrouter.vocabulary.Complexity;
import io.policyrouter.vocabulary.ComplexityBand;
import io.policyrouter.vocabulary.DataClass;
import io.policyrouter.vocabulary.Difficulty;
import io.policyrouter.vocabulary.RequiredConfidence;
import io.policyrouter.vocabulary.RoutingContext;
import io.policyrouter.vocabulary.TaskPrediction;
import io.policyrouter.vocabulary.TaskType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decision cache serves exactly the decision a fresh rule-engine run gives — primary, chain, tier, constraints,
 * removed candidates, fired rules with their reasons, notes, costs — for random requests drawn around every threshold
 * the policy uses; and an edited table reaches the very next decision.
 */
class DecisionCacheTest {

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    static Workbench bench;
    static Workbench.Policy shipped;
    static ModelCatalog catalog;
    static PolicyEvaluator fresh;
    static RouteMapper mapper;

    @BeforeAll
    static void compile() throws Exception {
        catalog = ToolConfig.catalog();
        bench = new Workbench(catalog, ToolConfig.settings());
        shipped = bench.load(List.of(Path.of("rules"), Path.of("decision-tables")));
        fresh = new PolicyEvaluator(catalog.models(), ToolConfig.settings());
        mapper = new RouteMapper(catalog);
    }

    static PolicyEngine.Decided engine(ActivePolicy.Snapshot p, String id, RequestFacts f, Annotations a) {
        Evaluation e = fresh.evaluate(p, f);
        return new PolicyEngine.Decided(fresh.assemble(p, id, e, a), e);
    }

    @Test
    void cachedDecisionsEqualFreshOnesEverywhere() throws Exception {
        DecisionCache cache = new DecisionCache(100_000, ToolConfig.settings(), catalog.models());
        ActivePolicy.Snapshot p = shipped.snapshot();
        Random random = new Random(20261202);
        // Traffic as it comes: many requests share a few contexts and kinds, their numbers vary.
        List<RoutingContext> contexts = java.util.stream.IntStream.range(0, 12).mapToObj(i -> context(random)).toList();
        List<Annotations> kinds = java.util.stream.IntStream.range(0, 40).mapToObj(i -> annotations(random)).toList();
        int n = 6000;
        for (int i = 0; i < n; i++) {
            Annotations a = i % 3 == 0 ? annotations(random) : vary(kinds.get(random.nextInt(kinds.size())), random);
            RoutingContext ctx = i % 5 == 0 ? context(random) : contexts.get(random.nextInt(contexts.size()));
            RequestFacts f = FactsMapper.toFacts(a, ctx, 512);
            String cached = json(cache.decide(p, "d" + i, f, a, DecisionCacheTest::engine));
            String direct = json(fresh.decide(p, "d" + i, f, a));
            assertEquals(direct, cached, "request " + i + ": " + f);
        }
        long hits = cache.runs().stats().hitCount();
        assertTrue(hits > n / 4, "the test must exercise cache hits, had " + hits + " of " + n);
    }

    @Test
    void callerTextsNoRowNamesShareOneRunAndNamedOnesKeepTheirOwn() throws Exception {
        DecisionCache cache = new DecisionCache(1000, ToolConfig.settings(), catalog.models());
        ActivePolicy.Snapshot p = shipped.snapshot();
        Annotations code = new Annotations(new TaskPrediction(TaskType.CODE, 0.95, TaskType.OTHER, 0.02), Map.of(), 400,
                "en", 0, new Complexity(ComplexityBand.MEDIUM, 0.4, Map.of()), new Difficulty(0.36, Map.of()), false);
        for (int i = 0; i < 50; i++) { // a platform's many tenants, each with its own request tags
            RoutingContext ctx = new RoutingContext("tenant-" + i, null, "api", null, RequiredConfidence.STANDARD,
                    null, null, null, null, Set.of("req-" + i), null);
            RequestFacts f = FactsMapper.toFacts(code, ctx, 512);
            assertEquals(json(fresh.decide(p, "t" + i, f, code)),
                    json(cache.decide(p, "t" + i, f, code, DecisionCacheTest::engine)));
        }
        assertEquals(49, cache.runs().stats().hitCount(), "50 tenants no row names: one rule-engine run, 49 hits");
        RoutingContext bank = new RoutingContext("acme-bank", null, "api", null, RequiredConfidence.STANDARD, null,
                null, null, null, Set.of(), null);
        RequestFacts f = FactsMapper.toFacts(code, bank, 512);
        assertEquals(json(fresh.decide(p, "b", f, code)), json(cache.decide(p, "b", f, code, DecisionCacheTest::engine)));
        assertEquals(49, cache.runs().stats().hitCount(), "a tenant a compliance row names has runs of its own");
        for (int i = 0; i < 20; i++) { // channels and tiers no latency row names: one run, each reason its own
            RoutingContext ctx = new RoutingContext("tenant-" + i, "tier-" + i, "app-" + i, null,
                    RequiredConfidence.STANDARD, null, null, null, null, Set.of(), null);
            RequestFacts g = FactsMapper.toFacts(code, ctx, 512);
            Decision d = cache.decide(p, "c" + i, g, code, DecisionCacheTest::engine);
            assertEquals(json(fresh.decide(p, "c" + i, g, code)), json(d));
            assertTrue(json(d).contains("channel 'app-" + i + "', tier 'tier-" + i + "'"), json(d));
        }
        assertEquals(49 + 19, cache.runs().stats().hitCount(), "20 unnamed channels and tiers: one run");
        Annotations followUp = new Annotations(code.task(), Map.of(), 400, "en", 0, code.complexity(),
                code.difficulty(), true);
        for (int i = 0; i < 10; i++) { // follow-ups on models the catalog no longer has
            RoutingContext ctx = new RoutingContext(null, null, "api", null, RequiredConfidence.STANDARD, null, null,
                    "retired-" + i, null, Set.of(), null);
            RequestFacts g = FactsMapper.toFacts(followUp, ctx, 512);
            assertEquals(json(fresh.decide(p, "r" + i, g, followUp)),
                    json(cache.decide(p, "r" + i, g, followUp, DecisionCacheTest::engine)));
        }
        assertEquals(49 + 19 + 9, cache.runs().stats().hitCount(), "10 previous models the catalog lacks: one run");
    }

    @Test
    void anEditedTableReachesTheNextDecision(@TempDir Path tmp) throws Exception {
        Path edited = tmp.resolve("decision-tables");
        Workbench.copyTree(Path.of("decision-tables"), edited);
        TableEditTest.setCell(edited.resolve("io/policyrouter/policy/latency-tier.drl.xlsx"), "api", "",
                "Max model p95 (ms)", 30000);
        ActivePolicy.Snapshot before = shipped.snapshot();
        ActivePolicy.Snapshot after = bench.load(List.of(Path.of("rules"), edited)).snapshot();
        assertNotEquals(before.version(), after.version());

        DecisionCache cache = new DecisionCache(1000, ToolConfig.settings(), catalog.models());
        Annotations code = new Annotations(new TaskPrediction(TaskType.CODE, 0.95, TaskType.OTHER, 0.02), Map.of(), 400,
                "en", 0, new Complexity(ComplexityBand.MEDIUM, 0.4, Map.of()), new Difficulty(0.36, Map.of()), false);
        RoutingContext api = new RoutingContext(null, null, "api", null, RequiredConfidence.STANDARD, null, null,
                null, null, Set.of(), null);
        RequestFacts f = FactsMapper.toFacts(code, api, 512);
        for (int i = 0; i < 3; i++) { // warm: the shipped decision is cached
            assertEquals("claude-sonnet-4", cache.decide(before, "b", f, code, DecisionCacheTest::engine).primary().model());
        }
        Decision changed = cache.decide(after, "a", f, code, DecisionCacheTest::engine);
        assertEquals("o3", changed.primary().model(), "the edit must reach the next decision, not a cached one");
        assertEquals(after.version(), changed.policyVersion());
    }

    private static String json(Decision d) throws Exception {
        ObjectNode node = JSON.valueToTree(mapper.toResponse(d));
        node.remove("decision_id");
        return node.toString();
    }

    // ------------------------------------------------------------------ random requests around the thresholds

    static final double[] DIFFICULTY_EDGES = {0.33, 0.40, 0.45};
    static final int[] BUDGET_EDGES = {500, 1000, 1500, 2000, 3000, 5000, 8000, 20000};
    // named by compliance rows, and not ("acme-health", "tenant-…": folded into one key), with the cell's spacing
    static final String[] TENANTS = {null, "acme-bank", "civic-gov", "globex-health", "acme-health", "initech",
        "tenant-7", "tenant-8", " acme-bank", ""};
    static final String[] TIERS = {null, "free", "pro", "enterprise", "tier-9", " free"};
    static final String[] CHANNELS = {null, "api", "chat", "voice", "batch", "kiosk", "app-3", "chat "};
    static final String[] REGIONS = {null, "eu", "us", "apac"};

    static Annotations annotations(Random r) {
        TaskType[] types = TaskType.values();
        double confidence = r.nextInt(10) == 0 ? 0.45 : 0.2 + 0.8 * r.nextDouble();
        Map<DataClass, Integer> classes = new EnumMap<>(DataClass.class);
        DataClass[] all = DataClass.values();
        int k = r.nextInt(5) == 0 ? 1 + r.nextInt(3) : 0;
        for (int i = 0; i < k; i++) {
            classes.put(all[r.nextInt(all.length)], 1 + r.nextInt(3));
        }
        double difficulty = r.nextInt(4) == 0
                ? DIFFICULTY_EDGES[r.nextInt(DIFFICULTY_EDGES.length)] + (r.nextInt(3) - 1) * 0.001 : r.nextDouble();
        // some requests large enough to cross the cost caps of the latency rows (0.005 USD and 1 USD)
        int tokens = r.nextInt(6) == 0 ? (r.nextInt(4) == 0 ? 400_000 + r.nextInt(600_000) : 1000 + r.nextInt(300_000))
                : 5 + r.nextInt(3000);
        ComplexityBand band = ComplexityBand.values()[r.nextInt(3)];
        return new Annotations(new TaskPrediction(types[r.nextInt(types.length)], confidence, TaskType.OTHER, 0.01),
                classes, tokens, "en", r.nextInt(3), new Complexity(band, 0.5, Map.of()),
                new Difficulty(difficulty, Map.of()), r.nextBoolean());
    }

    /** The same kind of request with other numbers: confidence, difficulty and size moved a little. */
    static Annotations vary(Annotations a, Random r) {
        double confidence = Math.min(1, Math.max(0, a.task().confidence() + (r.nextDouble() - 0.5) * 0.1));
        double difficulty = Math.min(1, Math.max(0, a.difficulty().score() + (r.nextDouble() - 0.5) * 0.06));
        int tokens = Math.max(1, (int) (a.tokens() * (0.8 + 0.4 * r.nextDouble())));
        return new Annotations(new TaskPrediction(a.task().type(), confidence, a.task().runnerUp(), 0.01),
                a.dataClasses(), tokens, a.language(), a.questions(), a.complexity(),
                new Difficulty(difficulty, Map.of()), a.followUp());
    }

    static RoutingContext context(Random r) {
        List<ModelProfile> models = catalog.models();
        Integer budget = r.nextInt(3) == 0 ? (r.nextBoolean() ? BUDGET_EDGES[r.nextInt(BUDGET_EDGES.length)]
                + r.nextInt(3) - 1 : 100 + r.nextInt(60_000)) : null;
        String previous = r.nextInt(4) == 0 ? models.get(r.nextInt(models.size())).id()
                : r.nextInt(6) == 0 ? "retired-model-" + r.nextInt(100) : null;
        String pin = r.nextInt(8) == 0 ? models.get(r.nextInt(models.size())).id() : null;
        Integer maxTokens = r.nextInt(4) == 0 ? 1 + r.nextInt(16_000) : null;
        return new RoutingContext(pick(r, TENANTS), pick(r, TIERS), pick(r, CHANNELS), budget,
                RequiredConfidence.values()[r.nextInt(RequiredConfidence.values().length)], pick(r, REGIONS), null,
                previous, pin, r.nextInt(10) == 0 ? Set.of("beta") : r.nextInt(10) == 0 ? Set.of("req-" + r.nextInt(1000))
                        : Set.of(), maxTokens);
    }

    private static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }
}
