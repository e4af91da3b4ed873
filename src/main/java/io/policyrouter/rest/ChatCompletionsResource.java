package io.policyrouter.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.policyrouter.dispatch.ChatService;
import io.policyrouter.policy.PolicyUnavailableException;
import io.policyrouter.policy.RoutingRefusedException;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * POST /v1/chat/completions, OpenAI-compatible: routes the request ("auto", or a pinned catalog model within
 * policy), calls the chain and answers as OpenAI does — JSON or server-sent events. The exception mappers below apply
 * to this resource only: its errors also carry OpenAI's {@code error} member, so OpenAI SDKs show their message.
 */
@Path(ChatCompletionsResource.PATH)
public class ChatCompletionsResource {

    static final String PATH = "/v1/chat/completions";

    private final ChatMapper mapper;
    private final ChatService service;

    public ChatCompletionsResource(ChatMapper mapper, ChatService service) {
        this.mapper = mapper;
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response complete(ObjectNode body, @Context HttpHeaders headers, @Context HttpServerResponse http) {
        return mapper.toResponse(service.complete(mapper.toDomain(body, headers)), http::closed);
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        return mapper.badRequest(e);
    }

    @ServerExceptionMapper
    public Response unknownModel(UnknownModelException e) {
        return mapper.unknownModel(e);
    }

    @ServerExceptionMapper
    public Response refused(RoutingRefusedException e) {
        return mapper.refused(e);
    }

    @ServerExceptionMapper
    public Response unavailable(PolicyUnavailableException e) {
        return mapper.unavailable(e);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return mapper.unreadable(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        return mapper.web(e);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        return mapper.unexpected(e);
    }
}
