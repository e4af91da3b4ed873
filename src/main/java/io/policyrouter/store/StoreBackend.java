package io.policyrouter.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.interceptor.Interceptor;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.Config;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.io.File;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The configured store (router.store.kind), migrated to the current schema before first use. Migration and
 * connection happen lazily and are retried: a replica whose PostgreSQL is down at start-up still starts and routes;
 * its records wait in the {@link StoreWriter} until the store is back.
 */
@ApplicationScoped
public class StoreBackend {

    private static final Logger LOG = Logger.getLogger(StoreBackend.class);

    private final Optional<DecisionStore> store;
    private final Runnable migration;
    private final Runnable closer;
    private volatile boolean migrated;

    public StoreBackend(StoreConfig config, Config mp, Instance<AgroalDataSource> datasources,
                        Instance<Flyway> flyways) {
        StoreConfig.Kind kind = config.kind();
        boolean pgConfigured = mp.getOptionalValue("quarkus.datasource.jdbc.url", String.class).isPresent();
        if (kind == StoreConfig.Kind.AUTO) {
            kind = pgConfigured ? StoreConfig.Kind.POSTGRESQL : embeddedAvailable() ? StoreConfig.Kind.EMBEDDED
                    : StoreConfig.Kind.NONE;
        }
        switch (kind) {
            case POSTGRESQL -> {
                if (!pgConfigured) {
                    throw new IllegalStateException("router.store.kind=postgresql needs quarkus.datasource.jdbc.url "
                            + "(QUARKUS_DATASOURCE_JDBC_URL), username and password");
                }
                AgroalDataSource ds = datasources.get();
                this.store = Optional.of(new JdbcDecisionStore(ds::getConnection, "postgresql"));
                this.migration = () -> flyways.get().migrate();
                this.closer = () -> { };
                LOG.infof("decision store: PostgreSQL (%s)", mp.getValue("quarkus.datasource.jdbc.url", String.class));
            }
            case EMBEDDED -> {
                if (!embeddedAvailable()) {
                    throw new IllegalStateException("the embedded store (H2) is not part of this build (a native "
                            + "image has none): set router.store.kind=postgresql and a datasource");
                }
                String path = new File(config.embeddedPath()).getAbsolutePath();
                String url = "jdbc:h2:file:" + path + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE";
                DataSource ds = h2Pool(url);
                this.store = Optional.of(new JdbcDecisionStore(ds::getConnection, "embedded"));
                this.migration = () -> Flyway.configure().dataSource(ds).locations("classpath:db/migration")
                        .load().migrate();
                this.closer = () -> dispose(ds);
                LOG.infof("decision store: embedded file %s.mv.db (one replica; use PostgreSQL for several)", path);
            }
            default -> {
                this.store = Optional.empty();
                this.migration = () -> { };
                this.closer = () -> { };
                LOG.warn("no decision store: decisions are logged only (lookup by id, shadow reports, promotion and "
                        + "feedback are unavailable); configure a PostgreSQL datasource");
            }
        }
    }

    /** The configured store, whether or not it is reachable now. */
    public Optional<DecisionStore> store() {
        return store;
    }

    /** The store, migrated; throws {@link StoreException} while it cannot be reached. */
    public DecisionStore ready() {
        DecisionStore s = store.orElseThrow(() -> new StoreException("no decision store is configured", null));
        if (!migrated) {
            synchronized (this) {
                if (!migrated) {
                    try {
                        migration.run();
                    } catch (RuntimeException e) {
                        throw new StoreException("cannot migrate the " + s.kind() + " store: " + e.getMessage(), e);
                    }
                    migrated = true;
                }
            }
        }
        return s;
    }

    void onStop(@Observes @Priority(Interceptor.Priority.APPLICATION + 200) ShutdownEvent event) {
        closer.run();
    }

    static boolean embeddedAvailable() {
        try {
            Class.forName("org.h2.Driver");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * H2's own connection pool, looked up by name: the H2 jar is on the JVM build's class path only (Maven profile
     * embedded-store), so no class of the product refers to it directly.
     */
    private static DataSource h2Pool(String url) {
        try {
            return (DataSource) Class.forName("org.h2.jdbcx.JdbcConnectionPool")
                    .getMethod("create", String.class, String.class, String.class).invoke(null, url, "sa", "");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot open the embedded store: " + e, e);
        }
    }

    /**
     * Closes the embedded database itself, not only the pool's idle connections: a connection still out (a request
     * in flight at shutdown) would keep the file open and locked, and the next start in the same JVM (a test
     * profile switch, a dev-mode restart) would find the store "already in use". The writer has flushed by now.
     */
    private static void dispose(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        } catch (SQLException e) {
            LOG.debugf("embedded store shutdown: %s", e.getMessage());
        }
        try {
            ds.getClass().getMethod("dispose").invoke(ds);
        } catch (ReflectiveOperationException ignored) {
            // closing on shutdown only
        }
    }
}
