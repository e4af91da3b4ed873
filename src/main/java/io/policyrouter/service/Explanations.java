package io.policyrouter.service;

import io.policyrouter.policy.Decision;

/**
 * The explanation of a decision as the API shows it, for the store: the transport layer implements it (so the
 * stored document is exactly what GET /v1/decisions/{id} and POST /v1/route return), the service only asks for it.
 */
public interface Explanations {

    /** The decision's explanation as JSON text (no prompt text: facts are types and counts). */
    String document(Decision decision);
}
