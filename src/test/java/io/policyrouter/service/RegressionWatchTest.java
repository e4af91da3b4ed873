package io.policyrouter.service;

import io.policyrouter.learn.LearnConfig;
import io.policyrouter.store.DecisionStore;
import io.policyrouter.store.JdbcDecisionStore;
import io.policyrouter.store.PolicyState;
import io.policyrouter.store.Postgres;
import io.policyrouter.store.StoreRecord;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The regression watch on both back-ends: a promoted policy whose positive rate fell significantly is flagged; the
 * same drop on too few outcomes, or an equal rate, is not.
 */
class RegressionWatchTest {

    @TempDir
    Path tmp;

    static final LearnConfig.Regression CONFIG = new LearnConfig.Regression() {
        @Override
        public Duration interval() {
            return Duration.ofSeconds(60);
        }

        @Override
        public int minSamples() {
            return 200;
        }

        @Override
        public double significance() {
            return 0.01;
        }

        @Override
        public boolean autoRollback() {
            return false;
        }
    };

    private DecisionStore open(String kind) {
        if (kind.equals("postgresql")) {
            Postgres.assumeAvailable();
            String url = Postgres.freshSchema();
            Flyway.configure().dataSource(url, Postgres.USER, Postgres.PASSWORD).load().migrate();
            return new JdbcDecisionStore(() -> DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD),
                    kind);
        }
        String url = "jdbc:h2:file:" + tmp.resolve("store") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        Flyway.configure().dataSource(url, "", "").locations("classpath:db/migration").load().migrate();
        return new JdbcDecisionStore(() -> DriverManager.getConnection(url, "", ""), kind);
    }

    /** n decisions of a version at the given time, the first {@code positive} of them accepted, the rest rejected. */
    private static void seed(DecisionStore store, String version, long at, int n, int positive) {
        List<StoreRecord> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = UUID.randomUUID().toString();
            batch.add(new StoreRecord.Decision(id, at, "a", version, null, "code", "standard", "m", "p", "direct",
                    false, false, 0.001, "{}", "{}"));
            batch.add(new StoreRecord.Feedback(id, "app", at, i < positive ? "accepted" : "rejected", null, null));
        }
        store.write(batch);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"embedded", "postgresql"})
    void aSignificantDropAfterAPromotionIsFlagged(String kind) {
        DecisionStore store = open(kind);
        long promoted = System.currentTimeMillis() - 600_000;
        Optional<PolicyState> state = Optional.of(new PolicyState("pv-new", "pv-old", promoted));
        assertFalse(RegressionWatch.evaluate(store, Optional.empty(), CONFIG, promoted).flagged(), "nothing promoted");

        seed(store, "pv-old", promoted - 300_000, 300, 240);   // 0.80 before the promotion
        seed(store, "pv-new", promoted + 60_000, 100, 60);     // 0.60 after it, but on 100 outcomes only
        RegressionWatch.Status few = RegressionWatch.evaluate(store, state, CONFIG, System.currentTimeMillis());
        assertFalse(few.flagged(), few.reason());
        assertTrue(few.reason().startsWith("waiting for 200"), few.reason());

        seed(store, "pv-new", promoted + 120_000, 200, 120);   // 0.60 on 300
        RegressionWatch.Status drop = RegressionWatch.evaluate(store, state, CONFIG, System.currentTimeMillis());
        assertTrue(drop.flagged(), drop.reason());
        assertEquals(300, drop.current().judged());
        assertEquals(0.60, drop.current().rate(), 1e-9);
        assertEquals(0.80, drop.previous().rate(), 1e-9);
        assertTrue(drop.pValue() < 0.001, "p = " + drop.pValue());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"embedded", "postgresql"})
    void theSameRateIsNoRegression(String kind) {
        DecisionStore store = open(kind);
        long promoted = System.currentTimeMillis() - 600_000;
        seed(store, "pv-old", promoted - 300_000, 300, 240);
        seed(store, "pv-new", promoted + 60_000, 300, 236);
        RegressionWatch.Status s = RegressionWatch.evaluate(store, Optional.of(new PolicyState("pv-new", "pv-old",
                promoted)), CONFIG, System.currentTimeMillis());
        assertFalse(s.flagged(), s.reason());
        assertEquals("no significant drop", s.reason());
    }
}
