package io.policyrouter.tools.policy;

import io.policyrouter.policy.source.PolicyIndexWriter;
import io.policyrouter.policy.source.PolicySources;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Build step (process-classes): writes policy-index.json next to the compiled rules, so the service can explain
 * every fired rule with its file, sheet and row. Usage: IndexPolicy &lt;output.json&gt; &lt;policy folder&gt;...
 */
public final class IndexPolicy {

    private IndexPolicy() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: IndexPolicy <output.json> <policy folder>...");
            System.exit(2);
        }
        List<Path> roots = Arrays.stream(args).skip(1).map(Path::of).toList();
        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, PolicyIndexWriter.json(PolicySources.read(roots)));
    }
}
