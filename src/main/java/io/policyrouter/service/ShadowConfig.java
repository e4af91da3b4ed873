package io.policyrouter.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Shadow mode: the candidate policy evaluated beside the active one on live traffic, off the request path. */
@ConfigMapping(prefix = "router.shadow")
public interface ShadowConfig {

    /** Share of requests also decided by the candidate (0 turns shadow mode off; sampled by decision id). */
    @WithDefault("0.1")
    double sampleRate();

    /** Shadow evaluations waiting at most; beyond it a sample is dropped and counted (router.shadow.dropped). */
    @WithDefault("1000")
    int queueSize();

    /** How far back GET /v1/policy/shadow looks by default. */
    @WithDefault("7d")
    Duration reportWindow();
}
