package io.policyrouter.service;

/**
 * An operators' read (router.admin.protect-reads) without an admin or viewer key: always 401 with a Basic challenge,
 * so that a browser opening the dashboard asks for the key, and asks again after a wrong one.
 */
public class OperatorAuthException extends AuthException {

    public OperatorAuthException(String message) {
        super(401, message);
    }
}
