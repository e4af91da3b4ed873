package io.policyrouter.policy.source;

import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Compiles a policy (DRL files and decision tables) from folders into a KieContainer with the same executable-model
 * compiler the build uses — so tools can evaluate an edited or re-saved policy next to the shipped one without a
 * rebuild of the service. Build and tool time only; the service runs the policy compiled into it.
 */
public final class PolicyCompiler {

    private PolicyCompiler() {
    }

    public static KieContainer compile(List<Path> roots) throws IOException {
        KieServices ks = KieServices.Factory.get();
        // A fresh release id per compilation: two policies compiled side by side must not replace each other.
        ReleaseId id = ks.newReleaseId("io.policyrouter", "policy-" + UUID.randomUUID(), "1.0.0");
        KieFileSystem kfs = ks.newKieFileSystem().generateAndWritePomXML(id);
        for (Path root : roots) {
            List<Path> files = PolicySources.files(root);
            for (Path p : files) {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                if (name.endsWith(".drl") || name.endsWith(".drl.xlsx") || name.endsWith(".drl.xls")
                        || name.endsWith(".drl.csv")) {
                    kfs.write("src/main/resources/" + root.relativize(p).toString().replace('\\', '/'),
                            Files.readAllBytes(p));
                }
            }
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll(ExecutableModelProject.class);
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            throw new PolicyCompileException(errors.stream().map(Message::toString).toList());
        }
        return ks.newKieContainer(id);
    }

    /** The policy did not compile; each message names the file and, for a table, the generated rule. */
    public static final class PolicyCompileException extends RuntimeException {
        private final List<String> messages;

        public PolicyCompileException(List<String> messages) {
            super("policy does not compile:\n  " + String.join("\n  ", messages));
            this.messages = List.copyOf(messages);
        }

        public List<String> messages() {
            return messages;
        }
    }
}
