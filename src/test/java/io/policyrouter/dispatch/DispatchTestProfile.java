package io.policyrouter.dispatch;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Short fault-tolerance settings so failure paths run in milliseconds: attempts time out after 300 ms whatever the
 * tier says, and a provider's breaker opens after 3 failures in its last 4 calls.
 */
public class DispatchTestProfile implements QuarkusTestProfile {

    static final int ATTEMPT_TIMEOUT_MS = 300;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "router.dispatch.max-attempt-timeout", ATTEMPT_TIMEOUT_MS + "ms",
                "router.dispatch.request-timeout", "5s",
                "router.dispatch.rate-limit.default-backoff", "50ms",
                "router.dispatch.circuit-breaker.request-volume-threshold", "4",
                "router.dispatch.circuit-breaker.failure-ratio", "0.75",
                "router.dispatch.circuit-breaker.delay", "10s",
                "router.dispatch.circuit-breaker.success-threshold", "1");
    }
}
