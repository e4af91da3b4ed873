package io.policyrouter.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The routing dashboard (/dashboard) in a real headless Chromium: decisions seeded through the real endpoints, then
 * what the page rendered — charts drawn (SVG text naming the seeded models, task types and tenants), tiles with the
 * counts, the recent decisions, and one decision's explanation at #/decisions/&lt;id&gt; with its fired rules' sheet and
 * row. A tenant name made of HTML must arrive as text. Screenshots go to target/dashboard-browser/ (docs/images/ holds
 * copies). Skipped without Chromium unless -Dpolicy.requireChromium=true.
 */
@QuarkusTest
class DashboardBrowserTest {

    static final Path OUT = Path.of("target", "dashboard-browser");
    /** A caller-chosen tenant name that would run script if the page inserted it as HTML. */
    static final String HOSTILE_TENANT = "<img src=x onerror=\"document.title='injected'\">";

    @Test
    void theDashboardDrawsWhatWasRoutedAndExplainsADecision() throws Exception {
        Chromium chromium = Chromium.assumeAvailable();
        String page = RestAssured.baseURI + ":" + RestAssured.port + "/dashboard/";

        // seed: routes with different tasks and tenants, a refusal, chat completions (one retried), feedback
        String code = route("{\"prompt\":\"Write a Java method that reverses a list\",\"channel\":\"api\","
                + "\"tenant\":\"acme\"}");
        route("{\"prompt\":\"Summarize this article about the economy in two sentences\",\"channel\":\"api\","
                + "\"tenant\":\"globex\"}");
        route("{\"prompt\":\"Prove that the square root of 2 is irrational\",\"channel\":\"api\",\"tenant\":\"acme\"}");
        route("{\"prompt\":\"Translate hello into French\",\"channel\":\"chat\",\"tenant\":\"" + json(HOSTILE_TENANT)
                + "\"}");
        String refused = given().contentType(ContentType.JSON)
                .body("{\"prompt\":\"Summarise our Q3 results.\",\"tenant\":\"acme-bank\",\"data_region\":\"apac\"}")
                .when().post("/v1/route").then().statusCode(422).extract().path("decision_id");
        String chatBody = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Write a Python function "
                + "that sums a column of a CSV file\"}],\"metadata\":{\"tenant\":\"globex\",\"conversation_id\":\"c-"
                + java.util.UUID.randomUUID() + "\"}}";
        String chat = chat(chatBody);
        chat(chatBody); // the same conversation again: the router records a client retry
        chat("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        feedback(code, "thumbs_down", 0.2);
        feedback(chat, "accepted", 0.9);

        JsonPath d = given().when().get("/v1/stats/dashboard?window=PT24H").then().statusCode(200).extract().jsonPath();
        assertTrue(d.getLong("decisions") >= 8, "the seeded decisions are counted");
        assertTrue(d.getLong("refused") >= 1);
        assertTrue(d.getLong("dispatch.dispatched") >= 3);
        assertTrue(d.getLong("dispatch.retries") >= 1);

        // /dashboard (no slash) leads to the page; the chart library is served by the service itself
        given().redirects().follow(false).when().get("/dashboard").then().statusCode(301)
                .header("Location", endsWith("dashboard/"));
        given().when().get("/dashboard").then().statusCode(200).body(containsString("routing dashboard"));
        given().when().get("/webjars/echarts/5.3.1/dist/echarts.min.js").then().statusCode(200);

        Document doc = Jsoup.parse(chromium.dumpDom(page));
        assertEquals("ready", doc.body().attr("data-state"), () -> "the page did not finish: "
                + doc.select("#status").text());

        // the three time series drew, naming every key (models, task types) as SVG text
        assertChartText(doc, "by-model", d.getMap("by_model.counts").keySet());
        assertChartText(doc, "by-tier", d.getMap("by_tier.counts").keySet());
        assertChartText(doc, "by-task", List.of("code", "math", "summarization", "translation"));
        assertChartText(doc, "by-task", d.getMap("by_task_type.counts").keySet());
        assertChartText(doc, "cost-model", d.getList("cost_by_model.key", String.class));
        assertChartText(doc, "cost-tenant", List.of("acme", "globex", HOSTILE_TENANT));

        // the tiles show the counts
        assertTile(doc, "decisions", number(d.getLong("decisions")));
        assertTile(doc, "refused", number(d.getLong("refused")));
        assertTile(doc, "dispatched", number(d.getLong("dispatch.dispatched")));
        assertTile(doc, "fallbacks", number(d.getLong("dispatch.fallbacks")));
        assertTile(doc, "errors", number(d.getLong("dispatch.errors")));
        assertTile(doc, "retries", number(d.getLong("dispatch.retries")));

        // the two error directions side by side, the shadow panel, drift, budgets
        assertFalse(doc.select("[data-panel=quality]").text().isEmpty());
        assertFalse(doc.select("[data-panel=cost]").text().isEmpty());
        assertNotNull(doc.selectFirst("[data-panel=shadow]"));
        assertNotNull(doc.selectFirst("[data-panel=drift]"));
        assertNotNull(doc.selectFirst("[data-panel=budgets]"));

        // the recent decisions list the seeded ones, linked to their explanation; the refusal is marked
        Element row = doc.selectFirst("table.recent tr[data-decision=" + code + "]");
        assertNotNull(row, "decision " + code + " is in the recent decisions table");
        assertEquals("#/decisions/" + code, row.select("a").attr("href"));
        assertTrue(row.text().contains("acme") && row.text().contains("code"), row.text());
        Element refusedRow = doc.selectFirst("table.recent tr[data-decision=" + refused + "]");
        assertNotNull(refusedRow, "the refusal is listed");
        assertTrue(refusedRow.text().contains("refused"), refusedRow.text());

        // caller-chosen text stays text: no element was made of the tenant name, and no script of it ran
        assertTrue(doc.select("img").isEmpty(), "a tenant name became an element");
        assertFalse(doc.title().contains("injected"));
        assertTrue(doc.select("table.recent").text().contains(HOSTILE_TENANT));

        // one decision's explanation at #/decisions/<id>: fired rules with file, sheet and row, the chain, feedback
        JsonPath v = given().when().get("/v1/decisions/" + code).then().statusCode(200).extract().jsonPath();
        Document decision = Jsoup.parse(chromium.dumpDom(page + "#/decisions/" + code));
        assertEquals("decision", decision.body().attr("data-state"), () -> "the decision view did not finish: "
                + decision.select("#status").text());
        assertTrue(decision.select("h2 .id").text().contains(code));
        Elements ruleRows = decision.select("[data-panel=fired-rules] tbody tr");
        List<Map<String, Object>> fired = v.getList("explanation.fired_rules");
        assertEquals(fired.size(), ruleRows.size(), "one row per fired rule");
        int fromTables = 0;
        for (Map<String, Object> rule : fired) {
            Element r = ruleRows.stream().filter(e -> e.child(0).text().equals(rule.get("rule"))).findFirst()
                    .orElseThrow(() -> new AssertionError("fired rule " + rule.get("rule") + " is not shown"));
            assertEquals(rule.get("file"), r.child(1).text());
            if (rule.get("sheet") != null) {
                fromTables++;
                assertEquals(rule.get("sheet"), r.child(2).text(), "sheet of " + rule.get("rule"));
                assertEquals(String.valueOf(rule.get("row")), r.child(4).text(), "row of " + rule.get("rule"));
            }
        }
        assertTrue(fromTables > 0, "a decision-table rule fired (its sheet and row are shown)");
        assertTrue(decision.select("[data-panel=chain]").text().contains(v.getString("explanation.primary.model")));
        for (String removed : v.getList("explanation.removed_candidates.model", String.class)) {
            assertTrue(decision.select("[data-panel=removed]").text().contains(removed), removed);
        }
        assertTrue(decision.select("[data-panel=feedback]").text().contains("thumbs_down"));

        // a dispatched decision shows its attempts
        Document chatView = Jsoup.parse(chromium.dumpDom(page + "#/decisions/" + chat));
        assertEquals("decision", chatView.body().attr("data-state"));
        assertTrue(chatView.select("[data-panel=dispatch] table tbody tr").size() >= 1, "the attempts are listed");
        assertTrue(chatView.select("[data-panel=feedback]").text().contains("router:retry"));

        // an unknown decision says so instead of drawing an empty explanation
        Document unknown = Jsoup.parse(chromium.dumpDom(page + "#/decisions/no-such-decision"));
        assertEquals("error", unknown.body().attr("data-state"));
        assertTrue(unknown.select("#status").text().contains("404"), unknown.select("#status").text());

        chromium.screenshot(page, OUT.resolve("dashboard.png"), 1400, 1800);
        chromium.screenshot(page + "#/decisions/" + code, OUT.resolve("dashboard-decision.png"), 1400, 1800);
        assertTrue(Files.size(OUT.resolve("dashboard.png")) > 20_000, "the screenshot is not blank");
    }

    private static void assertChartText(Document doc, String panel, Collection<?> expected) {
        Elements svg = doc.select("[data-panel=" + panel + "] .chart svg");
        assertFalse(svg.isEmpty(), "panel " + panel + " drew no chart");
        List<String> texts = svg.select("text").eachText();
        for (Object key : expected) {
            assertTrue(texts.contains(String.valueOf(key)), "panel " + panel + " does not show '" + key + "': " + texts);
        }
    }

    private static void assertTile(Document doc, String tile, String value) {
        assertEquals(value, doc.select("[data-tile=" + tile + "] .value").text(), "tile " + tile);
    }

    private static String number(long n) {
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(n);
    }

    private static String route(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/v1/route").then().statusCode(200)
                .extract().path("decision_id");
    }

    private static String chat(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/v1/chat/completions").then()
                .statusCode(200).extract().header("x-route-decision-id");
    }

    private static void feedback(String decision, String outcome, double score) {
        given().contentType(ContentType.JSON).body("{\"decision_id\":\"" + decision + "\",\"outcome\":\"" + outcome
                + "\",\"score\":" + score + ",\"source\":\"app\"}").when().post("/v1/feedback").then()
                .statusCode(anyOf(is(200), is(201)));
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
