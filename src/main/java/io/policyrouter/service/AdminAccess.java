package io.policyrouter.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
                keys.put(name, digest(key.trim()));
            }
        });
    }

    /** The name of the key presented; throws {@link AdminAuthException} (401 missing, 403 wrong or disabled). */
    public String authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new AdminAuthException(401, "admin endpoints need Authorization: Bearer <admin key>");
        }
        String given = authorization.trim();
        if (given.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = given.substring(7).trim();
        }
        if (keys.isEmpty()) {
            throw new AdminAuthException(403, "admin endpoints are disabled: no key is configured (router.admin.keys.*)");
        }
        byte[] presented = digest(given);
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

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
