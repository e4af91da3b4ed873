package io.policyrouter.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrouter.policy.Decision;
import io.policyrouter.service.Explanations;
import jakarta.enterprise.context.ApplicationScoped;

/** The stored explanation of a decision: the /v1/route response for it, as JSON. */
@ApplicationScoped
public class DecisionDocuments implements Explanations {

    private final RouteMapper mapper;
    private final ObjectMapper json;

    public DecisionDocuments(RouteMapper mapper, ObjectMapper json) {
        this.mapper = mapper;
        this.json = json;
    }

    @Override
    public String document(Decision decision) {
        try {
            return json.writeValueAsString(mapper.toResponse(decision));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a decision that cannot be written as JSON: " + e.getMessage(), e);
        }
    }
}
