package io.policyrouter.service;

import io.policyrouter.store.DecisionStore;
import io.policyrouter.store.StoreBackend;
import io.policyrouter.store.StoreException;

import java.util.function.Function;

/**
 * The one way the service's read and admin paths reach the store: no store configured, or one that cannot be
 * reached, is a 503 ({@link StoreUnavailableException}) naming what is unavailable — never a 500.
 */
final class StoreAccess {

    private StoreAccess() {
    }

    static <T> T query(StoreBackend backend, String what, Function<DecisionStore, T> query) {
        if (backend.store().isEmpty()) {
            throw new StoreUnavailableException("no decision store is configured (router.store.kind): " + what
                    + " needs one");
        }
        try {
            return query.apply(backend.ready());
        } catch (StoreException e) {
            throw new StoreUnavailableException("the decision store cannot be reached: " + e.getMessage());
        }
    }
}
