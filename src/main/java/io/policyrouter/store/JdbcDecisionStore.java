package io.policyrouter.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The decision store over JDBC, with SQL both back-ends understand (PostgreSQL, and H2 in its PostgreSQL mode): the
 * same statements and the same Flyway migrations serve the embedded file and the shared server. Writes are batched
 * and idempotent (a record written twice after a retry is kept once).
 */
public final class JdbcDecisionStore implements DecisionStore {

    /** Where connections come from: the Quarkus datasource's pool, or the embedded store's. */
    @FunctionalInterface
    public interface Connections {
        Connection get() throws SQLException;
    }

    private final Connections connections;
    private final String kind;

    public JdbcDecisionStore(Connections connections, String kind) {
        this.connections = connections;
        this.kind = kind;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public void write(List<StoreRecord> batch) {
        try (Connection c = connections.get()) {
            c.setAutoCommit(false);
            try (PreparedStatement d = c.prepareStatement("INSERT INTO decisions (decision_id, at_ms, replica, "
                    + "policy_version, tenant, task_type, tier, model, provider, strategy, refused, degraded, "
                    + "estimated_cost, facts, explanation) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                    + "ON CONFLICT DO NOTHING");
                 PreparedStatement x = c.prepareStatement("INSERT INTO dispatches (decision_id, at_ms, status, result, "
                         + "model, provider, stream, cost_usd, prompt_tokens, completion_tokens, duration_ms, attempts) "
                         + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING");
                 PreparedStatement s = c.prepareStatement("INSERT INTO shadow_results (decision_id, at_ms, "
                         + "active_version, candidate_version, task_type, tier, active_model, candidate_model, "
                         + "primary_differs, chain_differs, strategy_differs, refusal_differs, cost_delta_usd, "
                         + "responsible) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING");
                 PreparedStatement f = c.prepareStatement("INSERT INTO feedback (decision_id, source, at_ms, outcome, "
                         + "score, detail) VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING")) {
                for (StoreRecord r : batch) {
                    if (r instanceof StoreRecord.Decision v) {
                        bind(d, v.decisionId(), v.atMs(), v.replica(), v.policyVersion(), v.tenant(), v.taskType(),
                                v.tier(), v.model(), v.provider(), v.strategy(), v.refused(), v.degraded(),
                                v.estimatedCostUsd(), v.factsJson(), v.explanationJson());
                        d.addBatch();
                    } else if (r instanceof StoreRecord.Dispatch v) {
                        bind(x, v.decisionId(), v.atMs(), v.status(), v.result(), v.model(), v.provider(), v.stream(),
                                v.costUsd(), v.promptTokens(), v.completionTokens(), v.durationMs(), v.attemptsJson());
                        x.addBatch();
                    } else if (r instanceof StoreRecord.Shadow v) {
                        bind(s, v.decisionId(), v.atMs(), v.activeVersion(), v.candidateVersion(), v.taskType(),
                                v.tier(), v.activeModel(), v.candidateModel(), v.primaryDiffers(), v.chainDiffers(),
                                v.strategyDiffers(), v.refusalDiffers(), v.costDeltaUsd(), v.responsibleJson());
                        s.addBatch();
                    } else if (r instanceof StoreRecord.Feedback v) {
                        bind(f, v.decisionId(), v.source(), v.atMs(), v.outcome(), v.score(), v.detail());
                        f.addBatch();
                    }
                }
                d.executeBatch();
                x.executeBatch();
                s.executeBatch();
                f.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("writing " + batch.size() + " records failed: " + e.getMessage(), e,
                    refusedData(e));
        }
    }

    /** A data exception or a constraint violation anywhere in the chain (a batch reports its rows' errors there). */
    private static boolean refusedData(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean addFeedback(StoreRecord.Feedback f) {
        return query(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO feedback (decision_id, source, at_ms, outcome, "
                    + "score, detail) VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING")) {
                bind(p, f.decisionId(), f.source(), f.atMs(), f.outcome(), f.score(), f.detail());
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<Lookup> find(String decisionId) {
        return query(c -> {
            StoreRecord.Decision decision = null;
            try (PreparedStatement p = c.prepareStatement("SELECT decision_id, at_ms, replica, policy_version, tenant, "
                    + "task_type, tier, model, provider, strategy, refused, degraded, estimated_cost, facts, explanation "
                    + "FROM decisions WHERE decision_id = ?")) {
                p.setString(1, decisionId);
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) {
                        decision = new StoreRecord.Decision(r.getString(1), r.getLong(2), r.getString(3),
                                r.getString(4), r.getString(5), r.getString(6), r.getString(7), r.getString(8),
                                r.getString(9), r.getString(10), r.getBoolean(11), r.getBoolean(12), r.getDouble(13),
                                r.getString(14), r.getString(15));
                    }
                }
            }
            if (decision == null) {
                return Optional.<Lookup>empty();
            }
            StoreRecord.Dispatch dispatch = null;
            try (PreparedStatement p = c.prepareStatement("SELECT decision_id, at_ms, status, result, model, provider, "
                    + "stream, cost_usd, prompt_tokens, completion_tokens, duration_ms, attempts FROM dispatches "
                    + "WHERE decision_id = ?")) {
                p.setString(1, decisionId);
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) {
                        dispatch = new StoreRecord.Dispatch(r.getString(1), r.getLong(2), r.getInt(3), r.getString(4),
                                r.getString(5), r.getString(6), r.getBoolean(7), nullableDouble(r, 8),
                                nullableInt(r, 9), nullableInt(r, 10), r.getLong(11), r.getString(12));
                    }
                }
            }
            StoreRecord.Shadow shadow = null;
            try (PreparedStatement p = c.prepareStatement(SHADOW_COLUMNS + " WHERE decision_id = ?")) {
                p.setString(1, decisionId);
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) {
                        shadow = shadow(r);
                    }
                }
            }
            List<StoreRecord.Feedback> feedback = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT decision_id, source, at_ms, outcome, score, detail "
                    + "FROM feedback WHERE decision_id = ? ORDER BY at_ms")) {
                p.setString(1, decisionId);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        feedback.add(new StoreRecord.Feedback(r.getString(1), r.getString(2), r.getLong(3),
                                r.getString(4), nullableDouble(r, 5), r.getString(6)));
                    }
                }
            }
            return Optional.of(new Lookup(decision, dispatch, shadow, List.copyOf(feedback)));
        });
    }

    private static final String SHADOW_COLUMNS = "SELECT decision_id, at_ms, active_version, candidate_version, "
            + "task_type, tier, active_model, candidate_model, primary_differs, chain_differs, strategy_differs, "
            + "refusal_differs, cost_delta_usd, responsible FROM shadow_results";

    private static StoreRecord.Shadow shadow(ResultSet r) throws SQLException {
        return new StoreRecord.Shadow(r.getString(1), r.getLong(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), r.getString(7), r.getString(8), r.getBoolean(9), r.getBoolean(10), r.getBoolean(11),
                r.getBoolean(12), r.getDouble(13), r.getString(14));
    }

    @Override
    public List<StoreRecord.Shadow> shadowResults(String candidateVersion, long sinceMs, int limit) {
        return query(c -> {
            try (PreparedStatement p = c.prepareStatement(SHADOW_COLUMNS
                    + " WHERE candidate_version = ? AND at_ms >= ? ORDER BY at_ms DESC LIMIT ?")) {
                p.setString(1, candidateVersion);
                p.setLong(2, sinceMs);
                p.setInt(3, limit);
                List<StoreRecord.Shadow> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(shadow(r));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Optional<PolicyState> policyState() {
        return query(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT active_version, previous_version, changed_at_ms FROM policy_state WHERE id = 1");
                 ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new PolicyState(r.getString(1), r.getString(2), r.getLong(3)))
                        : Optional.<PolicyState>empty();
            }
        });
    }

    @Override
    public void changePolicy(PolicyChange change, PolicyState next) {
        query(c -> {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement u = c.prepareStatement("UPDATE policy_state SET active_version = ?, "
                        + "previous_version = ?, changed_at_ms = ? WHERE id = 1")) {
                    bind(u, next.activeVersion(), next.previousVersion(), next.changedAtMs());
                    if (u.executeUpdate() == 0) {
                        try (PreparedStatement i = c.prepareStatement("INSERT INTO policy_state (id, active_version, "
                                + "previous_version, changed_at_ms) VALUES (1, ?, ?, ?)")) {
                            bind(i, next.activeVersion(), next.previousVersion(), next.changedAtMs());
                            i.executeUpdate();
                        }
                    }
                }
                try (PreparedStatement i = c.prepareStatement("INSERT INTO policy_changes (at_ms, actor, action, "
                        + "from_version, to_version, replica) VALUES (?,?,?,?,?,?)")) {
                    bind(i, change.atMs(), change.actor(), change.action(), change.fromVersion(), change.toVersion(),
                            change.replica());
                    i.executeUpdate();
                }
                c.commit();
                return null;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        });
    }

    @Override
    public List<PolicyChange> policyChanges(int limit) {
        return query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT at_ms, actor, action, from_version, to_version, "
                    + "replica FROM policy_changes ORDER BY at_ms DESC LIMIT ?")) {
                p.setInt(1, limit);
                List<PolicyChange> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new PolicyChange(r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
                                r.getString(5), r.getString(6)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<Row> rows(String sql, Object... args) {
        return query(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                bind(p, args);
                List<Row> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    int n = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        Object[] values = new Object[n];
                        for (int i = 0; i < n; i++) {
                            values[i] = r.getObject(i + 1);
                        }
                        out.add(new Row(values));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public int purgeBefore(long atMs) {
        return query(c -> {
            int n = 0;
            for (String table : List.of("feedback", "shadow_results", "dispatches", "decisions")) {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table + " WHERE at_ms < ?")) {
                    p.setLong(1, atMs);
                    n += p.executeUpdate();
                }
            }
            return n;
        });
    }

    @Override
    public void ping() {
        query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT 1"); ResultSet r = p.executeQuery()) {
                r.next();
                return null;
            }
        });
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T query(Work<T> work) {
        try (Connection c = connections.get()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("the " + kind + " store failed: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement p, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                p.setNull(i + 1, Types.NULL);
            } else if (v instanceof String s) {
                p.setString(i + 1, s);
            } else if (v instanceof Long l) {
                p.setLong(i + 1, l);
            } else if (v instanceof Integer n) {
                p.setInt(i + 1, n);
            } else if (v instanceof Double d) {
                p.setDouble(i + 1, d);
            } else if (v instanceof Boolean b) {
                p.setBoolean(i + 1, b);
            } else {
                p.setObject(i + 1, v);
            }
        }
    }

    private static Double nullableDouble(ResultSet r, int column) throws SQLException {
        double v = r.getDouble(column);
        return r.wasNull() ? null : v;
    }

    private static Integer nullableInt(ResultSet r, int column) throws SQLException {
        int v = r.getInt(column);
        return r.wasNull() ? null : v;
    }
}
