package io.policyrouter.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Where decisions, dispatch outcomes, shadow results and the active-policy choice are kept (docs/deployment.md). */
@ConfigMapping(prefix = "router.store")
public interface StoreConfig {

    enum Kind {
        /** PostgreSQL when a datasource URL is configured (quarkus.datasource.jdbc.url), else embedded. */
        AUTO,
        /** A local H2 file: one replica, nothing to install; JVM only. */
        EMBEDDED,
        /** The Quarkus datasource: PostgreSQL, shared by every replica. */
        POSTGRESQL,
        /** Nothing is kept (decision lookup, shadow reports and promotion are then unavailable). */
        NONE
    }

    @WithDefault("auto")
    Kind kind();

    /** The embedded store's file, without extension (H2 adds .mv.db). */
    @WithDefault("data/policy-router")
    String embeddedPath();

    /** Records waiting to be written at most; beyond it new records are dropped and counted (never the request). */
    @WithDefault("20000")
    int bufferSize();

    /** Records written per batch at most. */
    @WithDefault("500")
    int batchSize();

    /** How long a record may wait for a fuller batch. */
    @WithDefault("200ms")
    Duration flushInterval();

    /** First wait after a failed write; doubles up to 30 s while the store stays unreachable. */
    @WithDefault("500ms")
    Duration retryBackoff();

    /** Records older than this are deleted (checked hourly). */
    @WithDefault("30d")
    Duration retention();

    /**
     * How often each replica reads which policy the store says answers: a promotion or rollback on one replica is
     * followed by every other within this interval (plus one store round trip).
     */
    @WithDefault("2s")
    Duration policyWatchInterval();

    /** This replica's name in the records (default: HOSTNAME, the pod name on Kubernetes). */
    Optional<String> replica();
}
