package io.policyrouter.dispatch;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** Every catalog provider served over real HTTP by {@link LocalProvider}, with the shipped dispatch settings. */
public class LocalProviderProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LocalProvider.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        // The shipped breaker (10 calls, 50 %): the one that opened for every provider under concurrent streams.
        return Map.of("router.dispatch.circuit-breaker.request-volume-threshold", "10");
    }
}
