package io.policyrouter.policy;

import io.policyrouter.tools.policy.Scenario;
import io.policyrouter.tools.policy.ScenarioPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.catalog.ModelProfile;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every policy scenario (src/test/resources/scenarios/*.yaml) against the compiled policy, then checks
 * coverage: every DRL rule and every table row must fire in at least one scenario.
 */
@QuarkusTest
class PolicyScenarioTest {

    static final Path SCENARIOS = Path.of("src/test/resources/scenarios");

    @Inject
    PolicyEngine engine;
    @Inject
    PolicyVersion version;
    @Inject
    ActivePolicy policy;
    @Inject
    ModelCatalog catalog;

    private final Set<String> fired = new ConcurrentSkipListSet<>();

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        List<Scenario> all = Scenario.load(SCENARIOS);
        assertTrue(all.size() >= 40, "at least 40 scenarios expected, found " + all.size());
        Stream<DynamicTest> cases = all.stream().map(s -> DynamicTest.dynamicTest(s.file() + ": " + s.note(),
                () -> run(s)));
        return Stream.concat(cases, Stream.of(DynamicTest.dynamicTest("every rule and table row fires somewhere",
                this::coverage)));
    }

    void run(Scenario s) {
        Decision d = engine.decide(policy.current(), "scenario", s.facts(), s.annotations()).decision();
        assertFalse(d.degraded(), "policy evaluation failed: " + d.notes());
        d.firedRules().forEach(r -> fired.add(r.rule()));
        if (Boolean.getBoolean("scenarios.print")) {
            System.out.println(ScenarioPrinter.print(s, d));
        }
        JsonNode e = s.expect();
        if (e.path("refused").asBoolean(false)) {
            assertNotNull(d.refusal(), "expected a refusal, got primary " + (d.primary() == null ? null : d.primary().model()));
            if (e.has("constraint")) {
                assertEquals(e.path("constraint").asText(), d.refusal().byConstraint() ? d.refusal().getConstraint() : null, "constraint that emptied the set");
            }
        } else {
            assertNull(d.refusal(), () -> "unexpected refusal: " + d.refusal());
            assertNotNull(d.primary(), "no primary");
        }
        if (e.has("primary")) {
            assertEquals(e.path("primary").asText(), d.primary().model(), "primary");
        }
        if (e.has("primary_in")) {
            Set<String> allowed = texts(e.path("primary_in"));
            assertTrue(allowed.contains(d.primary().model()), "primary " + d.primary().model() + " not in " + allowed);
        }
        if (e.has("primary_via")) {
            assertEquals(e.path("primary_via").asText(), d.primary().chosenBy(), "how the primary was chosen");
        }
        if (e.has("fallbacks")) {
            assertEquals(List.copyOf(textList(e.path("fallbacks"))), d.fallbacks().stream().map(Decision.Target::model).toList(),
                    "fallback chain");
        }
        for (String excluded : texts(e.path("fallbacks_exclude"))) {
            assertTrue(d.fallbacks().stream().noneMatch(t -> t.model().equals(excluded)), excluded + " in the chain");
        }
        if (e.has("strategy")) {
            assertEquals(e.path("strategy").asText(), d.strategy(), "strategy");
        }
        if (e.has("tier")) {
            assertEquals(e.path("tier").asText(), d.latencyTier().name(), "latency tier");
        }
        for (String rule : texts(e.path("fired"))) {
            assertTrue(d.firedRules().stream().anyMatch(r -> r.rule().equals(rule)),
                    "rule '" + rule + "' did not fire; fired: " + d.firedRules().stream().map(Decision.FiredRule::rule).toList());
        }
        for (String rule : texts(e.path("not_fired"))) {
            assertTrue(d.firedRules().stream().noneMatch(r -> r.rule().equals(rule)), "rule '" + rule + "' fired");
        }
        for (String note : texts(e.path("notes_contain"))) {
            assertTrue(d.notes().stream().anyMatch(n -> n.contains(note)), "no note contains '" + note + "': " + d.notes());
        }
        // Compliance holds for the primary AND every fallback.
        if (d.primary() != null) {
            List<ModelProfile> chain = new ArrayList<>();
            chain.add(catalog.find(d.primary().model()).orElseThrow());
            d.fallbacks().forEach(t -> chain.add(catalog.find(t.model()).orElseThrow()));
            for (String flag : texts(e.path("chain_flags"))) {
                chain.forEach(m -> assertTrue(m.hasFlag(flag), m.id() + " in the chain lacks " + flag));
            }
            for (String region : texts(e.path("chain_regions"))) {
                chain.forEach(m -> assertTrue(m.regions().contains(region), m.id() + " in the chain does not serve " + region));
            }
            if (e.has("chain_providers")) {
                Set<String> providers = texts(e.path("chain_providers"));
                chain.forEach(m -> assertTrue(providers.contains(m.provider()), m.id() + " is from " + m.provider()));
            }
            if (e.has("min_chain_score")) {
                double min = e.path("min_chain_score").asDouble();
                String cap = d.requirement().getCapability();
                d.fallbacks().forEach(t -> assertTrue(t.score() >= min - 1e-9, t.model() + " scores " + t.score() + " on " + cap));
            }
        }
    }

    void coverage() {
        Set<String> never = new TreeSet<>(version.index().ruleNames());
        never.removeAll(fired);
        if (!never.isEmpty()) {
            fail("rules / table rows that fire in no scenario (add a scenario or remove them): " + never);
        }
    }

    private static Set<String> texts(JsonNode node) {
        return new TreeSet<>(textList(node));
    }

    private static List<String> textList(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(v -> out.add(v.asText()));
        } else if (!node.isMissingNode() && !node.isNull()) {
            out.add(node.asText());
        }
        return out;
    }
}
