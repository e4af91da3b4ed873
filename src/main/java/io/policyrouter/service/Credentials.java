package io.policyrouter.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** What admin and client keys share: reading the key a caller presents, and the digest keys are compared by. */
final class Credentials {

    private Credentials() {
    }

    /** The key in {@code Authorization: Bearer <key>} (the bare key is taken too); null when none was presented. */
    static String presented(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return null;
        }
        String given = authorization.trim();
        if (given.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = given.substring(7).trim();
        }
        return given.isEmpty() ? null : given;
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
