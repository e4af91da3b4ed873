package io.policyrouter.tools.policy;

import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.policy.source.PolicyValidator;
import io.policyrouter.tools.ToolConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code mvn -q compile exec:java@validate-policy} (and every build, at process-classes): cell-precise validation of
 * the decision tables against the configured catalog; exits 1 on any error, so the build fails with file, sheet and
 * cell. Usage: ValidatePolicy [policy folder]... (default: rules decision-tables).
 */
public final class ValidatePolicy {

    private ValidatePolicy() {
    }

    public static void main(String[] args) throws Exception {
        List<Path> roots = (args.length == 0 ? List.of("rules", "decision-tables") : List.of(args)).stream()
                .map(Path::of).toList();
        ModelCatalog catalog = ToolConfig.catalog();
        List<PolicyValidator.Finding> findings = new PolicyValidator(catalog).validate(roots);
        long errors = findings.stream().filter(f -> f.severity().equals("error")).count();
        findings.forEach(f -> System.out.println(f.severity().toUpperCase(Locale.ROOT) + " " + f));
        System.out.println(errors == 0 ? "policy tables valid (" + findings.size() + " warnings)"
                : errors + " error(s) in the policy tables");
        if (errors > 0) {
            System.exit(1);
        }
    }
}
