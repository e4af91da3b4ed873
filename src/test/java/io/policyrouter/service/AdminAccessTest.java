package io.policyrouter.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Admin and viewer keys: who may change the policy, who may read the operators' reports, and start-up's check. */
class AdminAccessTest {

    static AdminAccess access(Map<String, String> admins, Map<String, String> viewers, boolean protectReads) {
        return new AdminAccess(new AdminConfig() {
            @Override
            public Map<String, String> keys() {
                return admins;
            }

            @Override
            public Map<String, String> viewerKeys() {
                return viewers;
            }

            @Override
            public boolean protectReads() {
                return protectReads;
            }
        });
    }

    static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void viewersReadAndOnlyAdminsChange() {
        AdminAccess a = access(Map.of("alice", "admin-key-0123456789"), Map.of("grafana", "viewer-key-0123456789"),
                true);
        assertEquals("alice", a.authenticate("Bearer admin-key-0123456789"));
        assertEquals("alice", a.authorizeRead(basic("anyone:admin-key-0123456789")));
        assertEquals("viewer:grafana", a.authorizeRead("Bearer viewer-key-0123456789"));
        assertEquals("viewer:grafana", a.authorizeRead(basic("ops:viewer-key-0123456789")));
        assertEquals(403, assertThrows(AdminAuthException.class,
                () -> a.authenticate("Bearer viewer-key-0123456789")).status());
        assertEquals(403, assertThrows(AdminAuthException.class,
                () -> a.authenticate(basic("ops:viewer-key-0123456789"))).status());
        for (String wrong : new String[] {null, "", "Bearer ", basic("ops:"), basic("viewer-key-0123456789"),
                "Basic !!!", "Bearer viewer-key-012345678"}) {
            OperatorAuthException e = assertThrows(OperatorAuthException.class, () -> a.authorizeRead(wrong),
                    String.valueOf(wrong));
            assertEquals(401, e.status());
        }
    }

    @Test
    void protectingReadsWithoutAnyKeyStopsStartUp() {
        assertTrue(assertThrows(IllegalStateException.class, () -> access(Map.of(), Map.of(), true)).getMessage()
                .contains("no admin or viewer key"));
        assertTrue(access(Map.of(), Map.of("v", "viewer-key-0123456789"), true).readsProtected());
        assertTrue(!access(Map.of(), Map.of(), false).readsProtected());
    }
}
