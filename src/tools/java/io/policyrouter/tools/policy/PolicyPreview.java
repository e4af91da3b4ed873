package io.policyrouter.tools.policy;

import io.policyrouter.tools.ToolConfig;
import io.policyrouter.policy.Decision;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * "What would this request get?" against the policy as it is on disk now — no build, no restart. Prints the facts,
 * every rule that fired with its sheet and row, the constraints and the candidates each one removed.
 *
 * Usage: PolicyPreview [--catalog models.yaml] <request.json | inline JSON>, or the JSON in -Drequest=...
 * (Maven: mvn -q compile exec:java@preview-policy -Drequest='{"prompt": "...", "channel": "api"}').
 */
public final class PolicyPreview {

    public static void main(String[] args) throws Exception {
        Path catalogFile = null; // null: the configured catalog (router.catalog.file), as the service loads it
        String body = System.getProperty("request");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--catalog")) {
                catalogFile = Path.of(args[++i]);
            } else {
                body = args[i].trim().startsWith("{") ? args[i] : Files.readString(Path.of(args[i]));
            }
        }
        if (body == null) {
            System.err.println("usage: PolicyPreview [--catalog models.yaml] <request.json | '{\"prompt\": ...}'>"
                    + " or -Drequest='{...}'");
            System.exit(2);
        }
        Workbench bench = new Workbench(Workbench.catalog(catalogFile), ToolConfig.settings());
        Workbench.Policy policy = bench.load(List.of(Path.of("rules"), Path.of("decision-tables")));
        Workbench.Request request = bench.request(body);
        Decision d = bench.decide(policy, request.facts(), request.annotations());
        System.out.println(Workbench.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(new io.policyrouter.rest.RouteMapper(bench.catalog()).toResponse(d)));
    }
}
