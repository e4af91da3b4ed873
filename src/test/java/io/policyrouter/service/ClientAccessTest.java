package io.policyrouter.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.policyrouter.vocabulary.Message;
import io.policyrouter.vocabulary.RouteRequest;
import io.policyrouter.vocabulary.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The client keys' start-up checks and the rules when keys are configured but not required. */
class ClientAccessTest {

    record Client(String key, String tenant, Optional<List<String>> userTiers, Optional<Integer> requestsPerMinute)
            implements ClientKeysConfig.Client {
        Client(String key, String tenant, Optional<List<String>> userTiers) {
            this(key, tenant, userTiers, Optional.empty());
        }
    }

    static ClientAccess access(boolean required, Map<String, ClientKeysConfig.Client> clients) {
        return new ClientAccess(new ClientKeysConfig() {
            @Override
            public boolean required() {
                return required;
            }

            @Override
            public Map<String, Client> clients() {
                return clients;
            }
        }, new SimpleMeterRegistry());
    }

    static final RouteRequest HELLO = new RouteRequest(List.of(new Message("user", "Hello")), RoutingContext.empty());

    @Test
    void withoutKeysTheCallersAuthorizationIsIgnored() {
        ClientAccess none = access(false, Map.of());
        assertSame(HELLO, none.bind(HELLO, "Bearer sk-whatever-the-sdk-sends"));
        assertSame(HELLO, none.bind(HELLO, null));
    }

    @Test
    void keysNotYetRequiredBindOnlyTheCallersThatSendOne() {
        ClientAccess optional = access(false, Map.of("acme",
                new Client("ck-acme-0123456789abcdef", "acme", Optional.empty())));
        assertSame(HELLO, optional.bind(HELLO, null));
        assertSame(HELLO, optional.bind(HELLO, "Bearer sk-some-other-key-123456"));
        assertEquals("acme", optional.bind(HELLO, "Bearer ck-acme-0123456789abcdef").context().tenant());
        assertEquals("acme", optional.bind(HELLO, "ck-acme-0123456789abcdef").context().tenant());
    }

    @Test
    void aConfigurationThatCannotWorkStopsStartUp() {
        assertTrue(assertThrows(IllegalStateException.class, () -> access(true, Map.of())).getMessage()
                .contains("no client key is configured"));
        assertThrows(IllegalStateException.class, () -> access(false, Map.of("a",
                new Client("short", "acme", Optional.empty()))));
        assertThrows(IllegalStateException.class, () -> access(false, Map.of("a",
                new Client("ck-acme-0123456789abcdef", " ", Optional.empty()))));
        assertThrows(IllegalStateException.class, () -> access(false, Map.of(
                "a", new Client("ck-shared-0123456789abcdef", "a", Optional.empty()),
                "b", new Client("ck-shared-0123456789abcdef", "b", Optional.empty()))));
        assertTrue(assertThrows(IllegalStateException.class, () -> access(false, Map.of("a",
                new Client("ck-acme-0123456789abcdef", "acme", Optional.empty(), Optional.of(0))))).getMessage()
                .contains("requests-per-minute must be at least 1"));
    }
}
