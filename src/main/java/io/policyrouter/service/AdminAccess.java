package io.policyrouter.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks the credential of an admin call ({@code Authorization: Bearer <key>}). Keys are compared as SHA-256 digests
 * with {@link MessageDigest#isEqual} against every configured key, so neither the key's length nor which key
 * matched shows in the time an answer takes.
 */
@ApplicationScoped
public class AdminAccess {

    private final Map<String, byte[]> keys = new LinkedHashMap<>();

    public AdminAccess(AdminConfig config) {
        config.keys().forEach((name, key) -> {
            if (key != null && !key.isBlank()) {
                keys.put(name, Credentials.sha256(key.trim()));
            }
        });
    }

    /** The name of the key presented; throws {@link AdminAuthException} (401 missing, 403 wrong or disabled). */
    public String authenticate(String authorization) {
        String given = Credentials.presented(authorization);
        if (given == null) {
            throw new AdminAuthException(401, "admin endpoints need Authorization: Bearer <admin key>");
        }
        if (keys.isEmpty()) {
            throw new AdminAuthException(403, "admin endpoints are disabled: no key is configured (router.admin.keys.*)");
        }
        byte[] presented = Credentials.sha256(given);
        String match = null;
        for (Map.Entry<String, byte[]> k : keys.entrySet()) {
            if (MessageDigest.isEqual(presented, k.getValue()) && match == null) {
                match = k.getKey();
            }
        }
        if (match == null) {
            throw new AdminAuthException(403, "the admin key is not valid");
        }
        return match;
    }
}
