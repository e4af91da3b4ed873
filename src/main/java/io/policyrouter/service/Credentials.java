package io.policyrouter.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** What admin and client keys share: reading the key a caller presents, and the digest keys are compared by. */
final class Credentials {

    private Credentials() {
    }

    /**
     * The key in {@code Authorization: Bearer <key>}, or the password of {@code Basic} (what a browser sends for the
     * dashboard; the user name is not checked); the bare key is taken too. Null when none was presented.
     */
    static String presented(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return null;
        }
        String given = authorization.trim();
        if (given.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = given.substring(7).trim();
        } else if (given.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(given.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon < 0) {
                    return given; // not user:password (RFC 7617): presented, and matches no key
                }
                given = pair.substring(colon + 1);
            } catch (IllegalArgumentException notBase64) {
                return given;
            }
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
