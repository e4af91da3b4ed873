package io.policyrouter.tools.policy;

import io.policyrouter.policy.source.PolicyCompiler;
import io.policyrouter.policy.source.PolicyIndexWriter;
import io.policyrouter.policy.source.PolicySources;
import io.policyrouter.policy.Decision;
import io.policyrouter.vocabulary.Annotations;
import io.policyrouter.vocabulary.RouteRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.policyrouter.annotate.Annotator;
import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.policy.ActivePolicy;
import io.policyrouter.policy.Evaluation;
import io.policyrouter.policy.FactsMapper;
import io.policyrouter.policy.PolicyIndex;
import io.policyrouter.policy.PolicySettings;
import io.policyrouter.policy.PolicyVersion;
import io.policyrouter.policy.RequestFacts;
import io.policyrouter.policy.PolicyEvaluator;
import io.policyrouter.rest.RouteMapper;
import io.policyrouter.rest.RouteRequestBody;
import io.policyrouter.tools.ToolConfig;
import org.kie.api.runtime.KieContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A policy compiled from folders, outside the service: what the preview, diff and round-trip tools evaluate. It
 * decides exactly as the service does (same rules runner, same decision assembly), against a given catalog.
 */
public final class Workbench {

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    /** A compiled policy with its index (sources of every rule) and version. */
    public record Policy(KieContainer container, PolicySources sources, PolicyIndex index, String version) {

        public ActivePolicy.Snapshot snapshot() {
            return new ActivePolicy.Snapshot(container::newKieSession, index, version, List.of());
        }
    }

    private final ModelCatalog catalog;
    private final PolicyEvaluator evaluator;
    private Annotator annotator;

    public Workbench(ModelCatalog catalog, PolicySettings settings) {
        this.catalog = catalog;
        this.evaluator = new PolicyEvaluator(catalog.models(), settings);
    }

    /** The catalog in {@code file}, or the configured one (router.catalog.file, else the shipped one) when null. */
    public static ModelCatalog catalog(Path file) throws IOException {
        return file == null ? ToolConfig.catalog() : ModelCatalog.of(Files.readString(file), file.toString());
    }

    public Policy load(List<Path> roots) throws Exception {
        PolicySources sources = PolicySources.read(roots);
        PolicyIndex index = PolicyIndex.parse(JSON.readTree(PolicyIndexWriter.json(sources)));
        return new Policy(PolicyCompiler.compile(roots), sources, index,
                PolicyVersion.compute(sources.contentHash(), catalog.content()));
    }

    public Evaluation evaluate(Policy policy, RequestFacts facts) {
        return evaluator.evaluate(policy.snapshot(), facts);
    }

    /** The decision the service would make under this policy: the same evaluator the service's engine runs. */
    public Decision decide(Policy policy, RequestFacts facts, Annotations annotations) {
        return evaluator.decide(policy.snapshot(), "preview", facts, annotations);
    }

    /** A /v1/route body (JSON), validated and annotated as the service would. */
    public Request request(String json) throws IOException {
        RouteRequest request = new RouteMapper(catalog).toDomain(JSON.readValue(json, RouteRequestBody.class));
        if (annotator == null) {
            annotator = new Annotator();
        }
        Annotations a = annotator.annotate(request);
        return new Request(request, a, FactsMapper.toFacts(a, request.context(), ToolConfig.policy().expectedOutputTokens()));
    }

    public record Request(RouteRequest request, Annotations annotations, RequestFacts facts) {
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    /** Copies a folder tree (policy sources) so a tool or test can edit the copy. */
    public static void copyTree(Path from, Path to) throws IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
