package io.policyrouter.rest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * JSON is read strictly, beyond what {@code quarkus.jackson.*} can set: {@code {"prompt":"a"} junk} is a malformed
 * body, not a prompt, and {@code "max_tokens": 1.5} is a wrong number, not 1 — the same answer the chat endpoint,
 * which reads its body as a tree, gives. The application's one mapper also reads providers' answers: one with
 * content after its JSON is a bad response there too.
 */
@Singleton
class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }
}
