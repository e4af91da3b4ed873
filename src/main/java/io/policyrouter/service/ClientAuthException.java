package io.policyrouter.service;

/**
 * A routing call refused for its client key: 401 when it has none or an unknown one, 403 when the key may not make
 * it (another tenant, a tier the key does not carry).
 */
public class ClientAuthException extends AuthException {

    public ClientAuthException(int status, String message) {
        super(status, message);
    }
}
