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
    /** Admin and viewer keys: who may read what the operators read. */
    private final Map<String, byte[]> readers = new LinkedHashMap<>();
    private final boolean protectReads;

    public AdminAccess(AdminConfig config) {
        config.keys().forEach((name, key) -> {
            if (key != null && !key.isBlank()) {
                keys.put(name, Credentials.sha256(key.trim()));
            }
        });
        readers.putAll(keys);
        config.viewerKeys().forEach((name, key) -> {
            if (key != null && !key.isBlank()) {
                readers.put("viewer:" + name, Credentials.sha256(key.trim()));
            }
        });
        protectReads = config.protectReads();
        if (protectReads && readers.isEmpty()) {
            throw new IllegalStateException("router.admin.protect-reads=true, but no admin or viewer key is "
                    + "configured (router.admin.keys.<name>, router.admin.viewer-keys.<name>)");
        }
    }

    /** Whether the operators' read endpoints need a key (router.admin.protect-reads). */
    public boolean readsProtected() {
        return protectReads;
    }

    /**
     * The name of the admin or viewer key presented for an operators' read; throws {@link OperatorAuthException}
     * (401, so that a browser asks again) when there is none or it is wrong.
     */
    public String authorizeRead(String authorization) {
        String given = Credentials.presented(authorization);
        if (given == null) {
            throw new OperatorAuthException("the operators' endpoints need an admin or viewer key: "
                    + "Authorization: Bearer <key>, or HTTP Basic with the key as password");
        }
        String match = match(Credentials.sha256(given), readers);
        if (match == null) {
            throw new OperatorAuthException("the key is not an admin or viewer key of this router");
        }
        return match;
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
        String match = match(Credentials.sha256(given), keys);
        if (match == null) {
            throw new AdminAuthException(403, "the admin key is not valid");
        }
        return match;
    }

    /** Compares with every key, so the time taken does not say which matched. */
    private static String match(byte[] presented, Map<String, byte[]> candidates) {
        String match = null;
        for (Map.Entry<String, byte[]> k : candidates.entrySet()) {
            if (MessageDigest.isEqual(presented, k.getValue()) && match == null) {
                match = k.getKey();
            }
        }
        return match;
    }
}
