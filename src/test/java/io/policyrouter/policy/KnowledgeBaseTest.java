package io.policyrouter.policy;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kie.api.definition.KiePackage;
import org.kie.api.runtime.KieRuntimeBuilder;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drools silently ignores a table whose name does not end .drl.xlsx, and a top-level folder wired only halfway
 * into the build: this fails when any rule of the sources is missing from the compiled knowledge base.
 */
@QuarkusTest
class KnowledgeBaseTest {

    @Inject
    KieRuntimeBuilder kie;
    @Inject
    PolicyVersion version;

    @Test
    void everyRuleAndTableRowOfTheSourcesIsCompiledIn() {
        Set<String> loaded = new TreeSet<>();
        for (KiePackage p : kie.getKieBase().getKiePackages()) {
            p.getRules().forEach(r -> loaded.add(r.getName()));
        }
        Set<String> expected = new TreeSet<>(version.index().ruleNames());
        for (String table : Set.of("Capability_", "Compliance_", "LatencyTier_", "ConfidenceFloor_")) {
            assertTrue(expected.stream().anyMatch(n -> n.startsWith(table)), "index has no rows of " + table);
        }
        assertEquals(expected, loaded, "compiled rules differ from the policy sources");
    }
}
