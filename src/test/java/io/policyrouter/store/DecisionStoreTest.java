package io.policyrouter.store;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both back-ends behind the one interface, with the same migrations: the embedded file (H2) and a real PostgreSQL
 * server. Records round-trip, writes are idempotent, feedback is kept once per (decision, source), the policy state
 * and its history, retention — and the embedded file survives a restart.
 */
class DecisionStoreTest {

    @TempDir
    Path tmp;

    private record Backend(DecisionStore store, Runnable close, java.util.function.Supplier<DecisionStore> reopen) {
    }

    private Backend open(String kind) {
        if (kind.equals("postgresql")) {
            Postgres.assumeAvailable();
            String url = Postgres.freshSchema();
            Flyway.configure().dataSource(url, Postgres.USER, Postgres.PASSWORD).load().migrate();
            JdbcDecisionStore.Connections c = () -> DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD);
            return new Backend(new JdbcDecisionStore(c, kind), () -> { }, () -> new JdbcDecisionStore(c, kind));
        }
        String url = "jdbc:h2:file:" + tmp.resolve("store") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH";
        DataSource[] ds = {pool(url)};
        Flyway.configure().dataSource(ds[0]).locations("classpath:db/migration").load().migrate();
        return new Backend(new JdbcDecisionStore(ds[0]::getConnection, kind), () -> dispose(ds[0]), () -> {
            dispose(ds[0]);
            ds[0] = pool(url);
            return new JdbcDecisionStore(ds[0]::getConnection, kind);
        });
    }

    static StoreRecord.Decision decision(String id, long at) {
        return new StoreRecord.Decision(id, at, "replica-a", "pv-000000000001", "acme", "code", "standard",
                "gpt-4.1", "openai", "direct", false, false, 0.0012, "{\"task_type\":\"code\"}",
                "{\"decision_id\":\"" + id + "\"}");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"embedded", "postgresql"})
    void recordsRoundTripOnceEachAndSurviveARestart(String kind) {
        Backend b = open(kind);
        String id = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        StoreRecord.Dispatch dispatch = new StoreRecord.Dispatch(id, now, 200, "ok", "gpt-4.1", "openai", true, 0.0009,
                120, 40, 830, "[{\"step\":0,\"outcome\":\"ok\"}]");
        StoreRecord.Shadow shadow = new StoreRecord.Shadow(id, now, "pv-000000000001", "pv-000000000002", "code",
                "standard", "gpt-4.1", "o3", true, false, false, false, 0.0021, "[{\"rule\":\"LatencyTier_20\"}]");
        List<StoreRecord> batch = List.of(decision(id, now), dispatch, shadow);
        b.store().write(batch);
        b.store().write(batch); // a retried batch: kept once
        assertTrue(b.store().addFeedback(new StoreRecord.Feedback(id, "client", now, "accepted", 0.9, null)));
        assertFalse(b.store().addFeedback(new StoreRecord.Feedback(id, "client", now, "rejected", 0.1, null)),
                "one feedback per (decision, source)");

        DecisionStore reopened = b.reopen().get();
        Optional<DecisionStore.Lookup> found = reopened.find(id);
        assertTrue(found.isPresent(), "kept across a restart");
        assertEquals(decision(id, now), found.get().decision());
        assertEquals(dispatch, found.get().dispatch());
        assertEquals(shadow, found.get().shadow());
        assertEquals(1, found.get().feedback().size());
        assertEquals("accepted", found.get().feedback().get(0).outcome());
        assertEquals(1, reopened.shadowResults("pv-000000000002", now - 1, 10).size());
        assertTrue(reopened.find("no-such-decision").isEmpty());
        b.close().run();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"embedded", "postgresql"})
    void thePolicyStateAndItsHistoryAreShared(String kind) {
        Backend b = open(kind);
        assertTrue(b.store().policyState().isEmpty());
        b.store().changePolicy(new PolicyChange(1000, "alice", "promote", "pv-a", "pv-b", "r1"),
                new PolicyState("pv-b", "pv-a", 1000));
        b.store().changePolicy(new PolicyChange(2000, "bob", "rollback", "pv-b", "pv-a", "r2"),
                new PolicyState("pv-a", "pv-b", 2000));
        DecisionStore reopened = b.reopen().get();
        assertEquals(new PolicyState("pv-a", "pv-b", 2000), reopened.policyState().orElseThrow());
        List<PolicyChange> history = reopened.policyChanges(10);
        assertEquals(List.of("rollback", "promote"), history.stream().map(PolicyChange::action).toList());
        assertEquals("bob", history.get(0).actor());
        b.close().run();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"embedded", "postgresql"})
    void retentionDeletesOldRecordsOnly(String kind) {
        Backend b = open(kind);
        b.store().write(List.of(decision("old", 1000), decision("new", System.currentTimeMillis())));
        assertEquals(1, b.store().purgeBefore(10_000));
        assertTrue(b.store().find("old").isEmpty());
        assertTrue(b.store().find("new").isPresent());
        b.close().run();
    }

    private static DataSource pool(String url) {
        try {
            return (DataSource) Class.forName("org.h2.jdbcx.JdbcConnectionPool")
                    .getMethod("create", String.class, String.class, String.class).invoke(null, url, "sa", "");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void dispose(DataSource ds) {
        try {
            ds.getClass().getMethod("dispose").invoke(ds);
        } catch (ReflectiveOperationException ignored) {
            // test clean-up
        }
    }
}
