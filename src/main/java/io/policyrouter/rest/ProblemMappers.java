package io.policyrouter.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.policyrouter.policy.PolicyUnavailableException;
import io.policyrouter.policy.RoutingRefusedException;
import io.policyrouter.service.AuthException;
import io.policyrouter.service.OverloadedException;
import io.policyrouter.service.PolicyChangeException;
import io.policyrouter.service.StoreUnavailableException;
import io.policyrouter.service.UnknownModelException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The JAX-RS endpoints' errors, each answered by {@link Problems}: one problem+json for every endpoint. */
public class ProblemMappers {

    private final Problems problems;

    public ProblemMappers(Problems problems) {
        this.problems = problems;
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper
    public Response unknownModel(UnknownModelException e, UriInfo uri) {
        return respond(e, uri);
    }

    // Quarkus ships mappers for these subtypes; ours are more specific and keep the problem+json shape.
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper
    public Response unparsableJson(JsonParseException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper
    public Response refused(RoutingRefusedException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper
    public Response unavailable(PolicyUnavailableException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper
    public Response overloaded(OverloadedException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper
    public Response storeUnavailable(StoreUnavailableException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper
    public Response auth(AuthException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper
    public Response policyConflict(PolicyChangeException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        return respond(e, uri);
    }

    private Response respond(Throwable e, UriInfo uri) {
        Problems.Answer a = problems.of(e, uri.getPath());
        Response.ResponseBuilder r = Response.status(a.status()).type(Problem.MEDIA_TYPE).entity(a.problem());
        a.headers().forEach(r::header);
        return r.build();
    }
}
