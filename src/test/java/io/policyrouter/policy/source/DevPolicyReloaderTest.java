package io.policyrouter.policy.source;

import io.policyrouter.tools.ToolConfig;
import io.policyrouter.tools.policy.Workbench;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrouter.policy.ActivePolicy;
import io.policyrouter.policy.PolicyIndex;
import io.policyrouter.policy.RequestFacts;
import io.policyrouter.policy.RuleRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.runtime.KieContainer;

import java.nio.file.Path;
import java.util.List;

import io.policyrouter.tools.policy.PolicyTables;
import static io.policyrouter.tools.policy.PolicyTables.DIR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dev mode: a saved table takes effect on the next request; a broken one is reported and the last good one stays. */
class DevPolicyReloaderTest {

    @Test
    void anEditedTableTakesEffectAndABrokenOneKeepsTheLastGoodPolicy(@TempDir Path tmp) throws Exception {
        Path rules = tmp.resolve("rules");
        Workbench.copyTree(PolicyTables.RULES, rules);
        Path tables = PolicyTables.copyTables(tmp);
        List<Path> roots = List.of(rules, tables);
        PolicySources sources = PolicySources.read(roots);
        KieContainer shipped = PolicyCompiler.compile(roots);
        ActivePolicy.Snapshot compiled = new ActivePolicy.Snapshot(shipped::newKieSession,
                PolicyIndex.parse(new ObjectMapper().readTree(PolicyIndexWriter.json(sources))), "pv-compiled", List.of());
        DevPolicyReloader reloader = new DevPolicyReloader(ToolConfig.catalog(), roots, 0);
        RequestFacts code = RequestFacts.builder().taskType("code").complexity("medium").difficulty(0.36).tokens(400)
                .channel("api").requiredConfidence("standard").build();

        assertSame(compiled, reloader.latest(compiled), "unchanged sources: the compiled policy");

        PolicyTables.set(tables.resolve(DIR + "latency-tier.drl.xlsx"), PolicyTables.rowOf(tables.resolve(DIR
                + "latency-tier.drl.xlsx"), "api"), "Max model p95 (ms)", 30000);
        ActivePolicy.Snapshot edited = reloader.latest(compiled);
        assertNotEquals("pv-compiled", edited.version());
        assertEquals("o3", primary(edited, code), "the edit decides the next request");

        Path compliance = tables.resolve(DIR + "compliance.drl.xlsx");
        PolicyTables.set(compliance, PolicyTables.rowOf(compliance, "", "initech"), "Excluded models", "gtp-4o");
        ActivePolicy.Snapshot broken = reloader.latest(compiled);
        assertEquals(edited.version(), broken.version(), "the last good policy stays in force");
        assertEquals("o3", primary(broken, code));
        assertTrue(broken.warnings().get(0).contains("cell I") && broken.warnings().get(0).contains("gtp-4o"),
                broken.warnings().toString());
    }

    private static String primary(ActivePolicy.Snapshot p, RequestFacts facts) throws Exception {
        return RuleRunner.run(p.sessions().get(), facts, ToolConfig.catalog().models(), ToolConfig.settings())
                .primary().getModelId();
    }
}
