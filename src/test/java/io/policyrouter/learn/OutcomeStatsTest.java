package io.policyrouter.learn;

import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.store.DecisionStore;
import io.policyrouter.store.JdbcDecisionStore;
import io.policyrouter.store.Postgres;
import io.policyrouter.store.StoreRecord;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loop's aggregate queries on both back-ends (the embedded file and a real PostgreSQL): outcome cells, the two
 * error directions, the dashboard's series and totals, tenant spend — and the drift rule on known counts.
 */
class OutcomeStatsTest {

    @TempDir
    Path tmp;

    static ModelCatalog catalog() throws Exception {
        return ModelCatalog.of(Files.readString(Path.of("src/test/resources/simulation/models.yaml")),
                "src/test/resources/simulation/models.yaml");
    }

    private DecisionStore open(String kind) {
        if (kind.equals("postgresql")) {
            Postgres.assumeAvailable();
            String url = Postgres.freshSchema();
            Flyway.configure().dataSource(url, Postgres.USER, Postgres.PASSWORD).load().migrate();
            return new JdbcDecisionStore(() -> DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD),
                    kind);
        }
        String url = "jdbc:h2:file:" + tmp.resolve("store") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH";
        Flyway.configure().dataSource(url, "", "").locations("classpath:db/migration").load().migrate();
        return new JdbcDecisionStore(() -> DriverManager.getConnection(url, "", ""), kind);
    }

    private static StoreRecord.Decision decision(String id, long at, String tenant, String model, boolean refused) {
        return new StoreRecord.Decision(id, at, "a", "pv-1", tenant, "reasoning", "standard", model,
                model == null ? null : model + "-provider", "direct", refused, false, 0.002, "{}", "{}");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"embedded", "postgresql"})
    void cellsErrorDirectionsDashboardAndSpend(String kind) throws Exception {
        DecisionStore store = open(kind);
        long now = System.currentTimeMillis();
        List<StoreRecord> batch = new ArrayList<>();
        String[] weak = new String[3];
        for (int i = 0; i < 3; i++) {
            weak[i] = UUID.randomUUID().toString();
            batch.add(decision(weak[i], now - 1000 * i, "acme", "weak", false));
            batch.add(new StoreRecord.Dispatch(weak[i], now, 200, "ok", i == 2 ? "strong" : "weak",
                    "p", false, 0.001, 10, 10, 100, "[]"));
        }
        String[] strong = {UUID.randomUUID().toString(), UUID.randomUUID().toString()};
        for (String id : strong) {
            batch.add(decision(id, now, "globex", "strong", false));
        }
        batch.add(decision(UUID.randomUUID().toString(), now, "acme", null, true));
        batch.add(new StoreRecord.Shadow(strong[0], now, "pv-1", "pv-2", "reasoning", "standard", "strong", "weak",
                true, true, false, false, -0.0015, "[]"));
        batch.add(new StoreRecord.Feedback(weak[0], "app", now, "rejected", null, null));
        batch.add(new StoreRecord.Feedback(weak[1], "app", now, "accepted", 0.8, null));
        batch.add(new StoreRecord.Feedback(weak[2], "router:cascade", now, "escalated", null, null));
        batch.add(new StoreRecord.Feedback(strong[0], "app", now, "accepted", 1.0, null));
        batch.add(new StoreRecord.Feedback(strong[1], "app", now, "thumbs_up", null, null));
        store.write(batch);

        OutcomeStats.Report r = OutcomeStats.of(store, catalog(), now - 60_000);
        OutcomeStats.Cell w = r.cells().stream().filter(c -> c.model().equals("weak")).findFirst().orElseThrow();
        assertEquals(3, w.decisions());
        assertEquals(3, w.dispatched());
        assertEquals(1, w.positive());
        assertEquals(2, w.negative());
        assertEquals(1, w.escalated());
        assertEquals(1.0 / 3, w.escalationRate(), 1e-9);
        assertEquals(0.8, w.meanScore(), 1e-9);
        assertEquals(0.006, w.estimatedCostUsd(), 1e-9);
        assertEquals(0.003, w.actualCostUsd(), 1e-9);
        assertEquals(2, r.quality().negativeOnWeaker(), "the weak model is weaker than the best at reasoning");
        assertEquals(0, r.quality().negativeOnStrongest());
        assertEquals(1, r.cost().cheaperCandidateNoComplaint(), "the candidate chose weak; nobody complained");
        assertEquals(0.0015, r.cost().avoidableCostUsd(), 1e-9);

        Dashboard.Data d = Dashboard.of(store, now - 3_600_000, Duration.ofHours(1), r,
                DriftReport.of(r.cells(), catalog(), 0.1, 100, now), null, false, Map.of());
        assertEquals(6, d.decisions());
        assertEquals(1, d.refused());
        assertEquals(3, d.byModel().counts().get("weak").stream().mapToLong(Long::longValue).sum());
        assertEquals(3, d.dispatch().dispatched());
        assertEquals(1, d.dispatch().fallbacks(), "one answer came from another model than the one chosen");
        assertEquals(1, d.dispatch().escalations());
        assertTrue(d.costByTenant().stream().anyMatch(c -> c.key().equals("globex") && c.decisions() == 2));
        assertEquals(6, d.recent().size());

        assertEquals(0.003, SpendLedger.spend(store, "acme", now - 60_000), 1e-9);
        assertEquals(0.0, SpendLedger.spend(store, "globex", now - 60_000), 1e-9, "no dispatch, no spend");
    }

    @Test
    void driftIsFlaggedOnlyWhenTheIntervalLeavesTheMarginAndProposesTheMeasuredScore() throws Exception {
        OutcomeStats.Cell degraded = new OutcomeStats.Cell("weak", "reasoning", "pv-1", 200, 200, 80, 120, 0, 0, 0, 0,
                0, 0, 0);
        OutcomeStats.Cell healthy = new OutcomeStats.Cell("strong", "reasoning", "pv-1", 200, 200, 164, 36, 0, 0, 0, 0,
                0, 0, 0);
        OutcomeStats.Cell close = new OutcomeStats.Cell("weak", "extraction", "pv-1", 200, 200, 118, 82, 0, 0, 0, 0,
                0, 0, 0); // 0.59 against 0.70: a 0.11 drop, but the interval reaches back into the margin
        OutcomeStats.Cell few = new OutcomeStats.Cell("strong", "math", "pv-1", 20, 20, 2, 18, 0, 0, 0, 0, 0, 0, 0);
        DriftReport.Report r = DriftReport.of(List.of(degraded, healthy, close, few), catalog(), 0.10, 100, 0);
        assertEquals(1, r.flags().size(), r.flags().toString());
        DriftReport.Flag f = r.flags().get(0);
        assertEquals("weak", f.model());
        assertEquals("reasoning", f.taskType());
        assertEquals(0.40, f.proposedScore(), 1e-9);
        assertTrue(f.needsApproval());
        assertTrue(f.diff().contains("-      reasoning: 0.59") && f.diff().contains("+      reasoning: 0.40"), f.diff());
        assertEquals(1, r.tooFewOutcomes());
        assertFalse(r.checked().stream().filter(c -> c.taskType().equals("extraction")).findFirst().orElseThrow()
                .flagged());
    }

    @Test
    void aDropIsSignificantOnlyWithEnoughOutcomes() {
        assertTrue(Wilson.pBelow(300, 500, 400, 500) < 0.001, "0.60 against 0.80 on 500 each");
        assertTrue(Wilson.pBelow(6, 10, 8, 10) > 0.1, "the same rates on 10 each say nothing");
        assertTrue(Wilson.pBelow(400, 500, 300, 500) > 0.99, "a rise is not a drop");
    }
}
