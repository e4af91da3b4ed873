package io.policyrouter.dispatch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The simulator stands in for unconfigured providers only when nobody configured a real one, or when told to: a
 * deployment that configures some providers and forgets one must fail at start-up, not serve simulated text.
 */
class SimulatorDefaultTest {

    static ProvidersConfig.Provider provider(ProvidersConfig.Kind kind) {
        return (ProvidersConfig.Provider) Proxy.newProxyInstance(ProvidersConfig.Provider.class.getClassLoader(),
                new Class<?>[] {ProvidersConfig.Provider.class}, (proxy, method, args) -> {
                    if (method.getName().equals("kind")) {
                        return kind;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void nothingConfiguredIsATryOutAndSimulates() {
        assertTrue(ProviderRegistry.simulates(Optional.empty(), Map.of()));
        assertTrue(ProviderRegistry.simulates(Optional.empty(),
                Map.of("openai", provider(ProvidersConfig.Kind.SIMULATED))));
    }

    @Test
    void oneRealProviderMeansTheOthersMustBeConfiguredToo() {
        assertFalse(ProviderRegistry.simulates(Optional.empty(),
                Map.of("openai", provider(ProvidersConfig.Kind.OPENAI))));
    }

    @Test
    void anExplicitSettingWins() {
        assertTrue(ProviderRegistry.simulates(Optional.of(true), Map.of("openai", provider(ProvidersConfig.Kind.OPENAI))));
        assertFalse(ProviderRegistry.simulates(Optional.of(false), Map.of()));
    }
}
