package io.policyrouter.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Grafana dashboard (docs/grafana/policy-router.json) queries only metrics the service exports, and every router
 * metric the service exports is documented in docs/observability.md.
 */
@QuarkusTest
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("docs/grafana/policy-router.json");
    private static final Path GUIDE = Path.of("docs/observability.md");
    private static final Pattern METRIC = Pattern.compile("(?<![A-Za-z0-9_:])(?:router_|http_server_)[A-Za-z0-9_]*");

    /**
     * Queried by the dashboard, but exported only after events this test does not cause (a Micrometer counter with
     * tags exists from its first increment).
     */
    private static final Map<String, String> NOT_YET_EXPORTED = Map.ofEntries(
            Map.entry("router_dispatch_escalations_total", "a cascade answer that fails a check"),
            Map.entry("router_dispatch_circuit_transitions_total",
                    "a circuit breaker changing state; tripping one would disturb the other tests sharing this app"),
            Map.entry("router_client_gone_total", "a client leaving before its answer is complete"),
            Map.entry("router_shadow_evaluated_total",
                    "a decision sampled for shadow mode (router.shadow.sample-rate, 10%) while a candidate is shadowed"),
            // registered by the calibration loop
            Map.entry("router_budget_exhausted_total", "a tenant whose budget is spent (CalibrationLoopResourceTest)"),
            Map.entry("router_client_keys_refused_total", "a call refused for its client key (ClientKeysTest)"));

    @Test
    void everyMetricTheDashboardQueriesIsExported() throws IOException {
        Set<String> exported = sampleNames(traffic());
        List<String> exprs = panelExprs();
        assertTrue(exprs.size() >= 30, "panel queries found: " + exprs.size());

        Set<String> queried = new TreeSet<>();
        exprs.forEach(e -> queried.addAll(metrics(e)));
        variableQueries().forEach(q -> queried.addAll(metrics(q)));
        Set<String> missing = queried.stream()
                .filter(m -> !exported.contains(m) && !NOT_YET_EXPORTED.containsKey(m))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), missing, "queried by the dashboard but not in /q/metrics");

        Set<String> stale = new TreeSet<>(NOT_YET_EXPORTED.keySet());
        stale.removeAll(queried);
        assertEquals(Set.of(), stale, "allow-listed but queried by no panel");
        // the latency panels need buckets (HttpLatencyBuckets), the rest of the test needs the traffic to have counted
        assertTrue(queried.containsAll(Set.of("http_server_requests_seconds_bucket", "router_dispatch_failovers_total",
                "router_decisions_refused_total")), "dashboard queries " + queried);
    }

    @Test
    void everyPanelQueryIsFilteredByJobAndInstance() throws IOException {
        for (String expr : panelExprs()) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                String rest = expr.substring(m.end());
                String selector = rest.startsWith("{") ? rest.substring(0, rest.indexOf('}') + 1) : "";
                assertTrue(selector.contains("job=~\"$job\"") && selector.contains("instance=~\"$instance\""),
                        m.group() + " without the $job/$instance selector in: " + expr);
            }
        }
        for (JsonNode target : dashboard().findValues("targets")) {
            for (JsonNode t : target) {
                assertEquals("${DS_PROMETHEUS}", t.path("datasource").path("uid").asText(), t.toString());
            }
        }
    }

    @Test
    void everyExportedRouterMetricIsDocumented() throws IOException {
        String guide = Files.readString(GUIDE);
        Set<String> undocumented = new TreeSet<>();
        for (String name : sampleNames(traffic())) {
            if (name.startsWith("router_") && !Pattern.compile("(?<![A-Za-z0-9_])" + name + "(?![A-Za-z0-9_])")
                    .matcher(guide).find()) {
                undocumented.add(name);
            }
        }
        assertEquals(Set.of(), undocumented, "exported in /q/metrics but not named in " + GUIDE);
        Set<String> queriedButUndocumented = new TreeSet<>();
        panelExprs().forEach(e -> metrics(e).stream().filter(m -> !guide.contains(m))
                .forEach(queriedButUndocumented::add));
        assertEquals(Set.of(), queriedButUndocumented, "queried by the dashboard but not named in " + GUIDE);
    }

    /** Routes, refuses, dispatches and fails over once; returns the scrape. */
    private static String traffic() {
        String decision = given().contentType(ContentType.JSON)
                .body("{\"prompt\":\"Write a Python function that merges two sorted lists.\",\"channel\":\"api\"}")
                .when().post("/v1/route").then().statusCode(200).extract().path("decision_id");
        given().contentType(ContentType.JSON).body(Map.of("decision_id", decision, "outcome", "accepted",
                "source", "grafana-test")).when().post("/v1/feedback").then().statusCode(anyOf(is(200), is(201)));
        given().contentType(ContentType.JSON)
                .body("{\"prompt\":\"Summarise our Q3 results.\",\"tenant\":\"acme-bank\",\"data_region\":\"apac\"}")
                .when().post("/v1/route").then().statusCode(422);
        given().contentType(ContentType.JSON).body(chat("Summarise the plot of Hamlet."))
                .when().post("/v1/chat/completions").then().statusCode(200);
        // the first step answers 503 once: the chain fails over to the next model
        given().contentType(ContentType.JSON).header("x-sim-fault", "*=503,times=1")
                .body(chat("Translate 'good morning' into French."))
                .when().post("/v1/chat/completions").then().statusCode(200).header("x-route-attempts", "2");
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static Map<String, Object> chat(String prompt) {
        return Map.of("model", "auto", "messages", List.of(Map.of("role", "user", "content", prompt)));
    }

    /** Names of the exported samples (router_shed_total, http_server_requests_seconds_bucket, ...). */
    private static Set<String> sampleNames(String scrape) {
        return scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> metrics(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(promql);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    private static List<String> panelExprs() throws IOException {
        List<String> exprs = new ArrayList<>();
        dashboard().path("panels").findValues("expr").forEach(e -> exprs.add(e.asText()));
        return exprs;
    }

    private static List<String> variableQueries() throws IOException {
        List<String> queries = new ArrayList<>();
        dashboard().path("templating").path("list").findValues("definition").forEach(q -> queries.add(q.asText()));
        return queries;
    }
}
