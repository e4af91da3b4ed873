package io.policyrouter.service;

/** An admin call without a valid credential: 401 when none was given, 403 when it is wrong. */
public class AdminAuthException extends AuthException {

    public AdminAuthException(int status, String message) {
        super(status, message);
    }
}
