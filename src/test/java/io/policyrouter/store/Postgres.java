package io.policyrouter.store;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The real PostgreSQL server the store tests run against: POLICY_ROUTER_TEST_PG_URL (a JDBC URL), _USER, _PASSWORD,
 * as .ci/run sets them after installing and starting the server. Each test gets a schema of its own. Without the
 * variables the PostgreSQL tests are skipped — unless -Dpolicy.requirePostgres=true (CI), which makes that a failure.
 */
public final class Postgres {

    public static final String URL = System.getenv("POLICY_ROUTER_TEST_PG_URL");
    public static final String USER = System.getenv().getOrDefault("POLICY_ROUTER_TEST_PG_USER", "policyrouter");
    public static final String PASSWORD = System.getenv().getOrDefault("POLICY_ROUTER_TEST_PG_PASSWORD", "policyrouter");

    private Postgres() {
    }

    public static boolean configured() {
        return URL != null && !URL.isBlank();
    }

    /** Skips the calling test without a server, or fails it when the build requires one. */
    public static void assumeAvailable() {
        if (!configured() && Boolean.getBoolean("policy.requirePostgres")) {
            throw new AssertionError("PostgreSQL is required (-Dpolicy.requirePostgres) but POLICY_ROUTER_TEST_PG_URL "
                    + "is not set");
        }
        Assumptions.assumeTrue(configured(), "no PostgreSQL configured (POLICY_ROUTER_TEST_PG_URL)");
    }

    /** A fresh, empty schema; the returned URL selects it. */
    public static String freshSchema() {
        String schema = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test schema on " + URL + ": " + e.getMessage(), e);
        }
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
