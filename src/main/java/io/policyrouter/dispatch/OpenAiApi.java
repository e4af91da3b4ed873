package io.policyrouter.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The OpenAI chat-completions endpoint, relative to a provider's base URL (…/v1). Built per provider. */
@Path("/chat/completions")
public interface OpenAiApi {

    /** Any status comes back as a Response (the default error mapper is disabled on this client). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> complete(ObjectNode body);

    /** Server-sent events: each item is one event's data (a chunk as JSON, or [DONE]). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    Multi<String> stream(ObjectNode body);
}
