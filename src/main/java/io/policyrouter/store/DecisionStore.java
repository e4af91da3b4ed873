package io.policyrouter.store;

import java.util.List;
import java.util.Optional;

/**
 * What every replica shares: decisions, dispatch outcomes, shadow results, feedback, and which compiled policy
 * answers. Two back-ends behind this one interface, chosen by configuration (router.store.kind): an embedded file
 * for one replica, PostgreSQL for several. Every method may throw {@link StoreException}; callers on the request
 * path never call it directly (the {@link StoreWriter} does, off the path).
 */
public interface DecisionStore {

    /** Everything kept about one decision. */
    record Lookup(StoreRecord.Decision decision, StoreRecord.Dispatch dispatch, StoreRecord.Shadow shadow,
                  List<StoreRecord.Feedback> feedback) {
    }

    /** One row of an aggregate query. */
    record Row(Object[] values) {

        public long asLong(int i) {
            return values[i] == null ? 0 : ((Number) values[i]).longValue();
        }

        public double asDouble(int i) {
            return values[i] == null ? 0 : ((Number) values[i]).doubleValue();
        }

        public String asString(int i) {
            return values[i] == null ? null : values[i].toString();
        }
    }

    String kind();

    void write(List<StoreRecord> batch);

    /** Stores feedback at once; false when this (decision, source) already had feedback (kept as first given). */
    boolean addFeedback(StoreRecord.Feedback feedback);

    Optional<Lookup> find(String decisionId);

    List<StoreRecord.Shadow> shadowResults(String candidateVersion, long sinceMs, int limit);

    Optional<PolicyState> policyState();

    /** Makes {@code next} the shared state and records {@code change}, in one transaction. */
    void changePolicy(PolicyChange change, PolicyState next);

    List<PolicyChange> policyChanges(int limit);

    /** A read-only aggregate query over the store's tables (portable SQL, positional parameters). */
    List<Row> rows(String sql, Object... args);

    int purgeBefore(long atMs);

    /** Throws when the store cannot be reached. */
    void ping();
}
