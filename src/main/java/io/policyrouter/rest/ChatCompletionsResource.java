package io.policyrouter.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.policyrouter.service.RoutingService;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * POST /v1/chat/completions, OpenAI-compatible: routes the request ("auto", or a pinned catalog model within
 * policy), calls the chain and answers as OpenAI does — JSON or server-sent events. Errors are the common
 * {@link Problem}, whose OpenAI {@code error} member the SDKs read.
 */
@Path(ChatCompletionsResource.PATH)
public class ChatCompletionsResource {

    static final String PATH = "/v1/chat/completions";

    private final ChatMapper mapper;
    private final RoutingService service;

    public ChatCompletionsResource(ChatMapper mapper, RoutingService service) {
        this.mapper = mapper;
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response complete(ObjectNode body, @Context HttpHeaders headers, @Context HttpServerResponse http) {
        return mapper.toResponse(service.complete(mapper.toDomain(body, headers)), http::closed);
    }
}
