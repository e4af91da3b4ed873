package io.policyrouter.tools.policy;

import io.policyrouter.tools.ToolConfig;
import io.policyrouter.policy.source.PolicyCompiler;
import io.policyrouter.policy.source.PolicySources;
import io.policyrouter.catalog.ModelCatalog;
import org.kie.api.runtime.KieContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The analyst's static check: compiles the policy folders, runs {@link PolicyChecker} over the whole fact space and
 * writes target/policy-report.md. Exit code 1 when the policy has a gap or a compliance violation.
 *
 * Usage: CheckPolicy [--catalog models.yaml] [--scenarios dir] [--report file] [policy folders]
 */
public final class CheckPolicy {

    public static void main(String[] args) throws Exception {
        Path catalogFile = null; // null: the configured catalog (router.catalog.file), as the service loads it
        Path scenarios = Path.of("src/test/resources/scenarios");
        Path report = Path.of("target/policy-report.md");
        List<Path> roots = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--catalog" -> catalogFile = Path.of(args[++i]);
                case "--scenarios" -> scenarios = Path.of(args[++i]);
                case "--report" -> report = Path.of(args[++i]);
                default -> roots.add(Path.of(args[i]));
            }
        }
        if (roots.isEmpty()) {
            roots = List.of(Path.of("rules"), Path.of("decision-tables"));
        }
        ModelCatalog catalog = Workbench.catalog(catalogFile);
        KieContainer policy = PolicyCompiler.compile(roots);
        PolicyChecker.Report r = new PolicyChecker(policy::newKieSession, PolicySources.read(roots), catalog,
                ToolConfig.settings()).check(Files.isDirectory(scenarios) ? Scenario.load(scenarios) : List.of());
        write(r, report);
        r.errors().forEach(e -> System.out.println("ERROR " + e));
        System.out.println(r.errors().size() + " error(s), " + r.warnings().size() + " warning(s) after "
                + r.evaluations() + " evaluations; report: " + report);
        if (!r.ok()) {
            System.exit(1);
        }
    }

    /** Markdown an analyst can read: errors first, then warnings, refused combinations, requests below the floor. */
    public static void write(PolicyChecker.Report r, Path file) throws java.io.IOException {
        StringBuilder md = new StringBuilder("# Policy report\n\n");
        md.append("Static check of the decision tables and rules over the whole fact space (")
                .append(r.evaluations()).append(" policy evaluations). ")
                .append(r.ok() ? "**No errors.**" : "**" + r.errors().size() + " error(s): the build fails.**")
                .append("\n\n## Errors\n\n");
        list(md, r.errors().stream().map(Object::toString).toList(), "none");
        md.append("\n## Warnings\n\n");
        list(md, r.warnings().stream().map(Object::toString).toList(), "none");
        md.append("\n## Refused combinations\n\nRequests the policy refuses (HTTP 422), by reason:\n\n");
        if (r.refused().isEmpty()) {
            md.append("none\n");
        }
        for (Map.Entry<String, List<String>> e : r.refused().entrySet()) {
            md.append("- **").append(e.getKey()).append("** — ").append(e.getValue().size())
                    .append(" combination(s), e.g. ").append(String.join("; ", e.getValue().stream().limit(3).toList()))
                    .append('\n');
        }
        md.append("\n## Below the floor\n\nCombinations where no compliant model reaches the primary floor; the most "
                + "capable compliant model is chosen and the decision is flagged:\n\n");
        list(md, r.belowFloor().stream().limit(60).toList(), "none");
        if (r.belowFloor().size() > 60) {
            md.append("- … and ").append(r.belowFloor().size() - 60).append(" more\n");
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, md.toString());
    }

    private static void list(StringBuilder md, List<String> items, String none) {
        if (items.isEmpty()) {
            md.append(none).append('\n');
        }
        items.forEach(i -> md.append("- ").append(i).append('\n'));
    }
}
