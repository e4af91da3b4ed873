package io.policyrouter.rest;

import io.policyrouter.policy.Decision;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.policyrouter.policy.PolicyUnavailableException;
import io.policyrouter.policy.RoutingRefusedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as RFC 9457 problem+json with the right status; never a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e, UriInfo uri) {
        return respond(Problem.of("invalid-request", "Invalid request", 400, e.getMessage()).withField(e.field()), uri);
    }

    // Quarkus ships mappers for these subtypes; ours are more specific and keep the problem+json shape.
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response unparsableJson(JsonParseException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException m ? path(m) : null;
        String detail = e instanceof UnrecognizedPropertyException u
                ? "unknown field '" + u.getPropertyName() + "'"
                : e instanceof MismatchedInputException && field != null
                ? "field '" + field + "' has the wrong type or shape"
                : e instanceof MismatchedInputException
                ? "the body must be a JSON object"
                : field != null
                ? "field '" + field + "': " + e.getOriginalMessage()
                : "the body is not valid JSON: " + e.getOriginalMessage();
        return respond(Problem.of("invalid-json", "Invalid JSON", 400, detail).withField(field), uri);
    }

    @ServerExceptionMapper
    public Response refused(RoutingRefusedException e, UriInfo uri) {
        Decision d = e.decision();
        Problem p = new Problem(Problem.TYPES + "no-compliant-model", "No compliant model", 422,
                d.refusal().reason(), null, null, d.decisionId(), d.policyVersion(), d.refusal().constraint(),
                d.refusal().source(), d.firedRules(), d.removed());
        return respond(p, uri);
    }

    @ServerExceptionMapper
    public Response unavailable(PolicyUnavailableException e, UriInfo uri) {
        Problem p = new Problem(Problem.TYPES + "policy-unavailable", "Policy unavailable", 503, e.getMessage(),
                null, null, e.decisionId(), null, null, null, null, null);
        return respond(p, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return respond(Problem.of(slug(title), title, status, e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        // Our fault, not the caller's: log it whole, answer without internals.
        LOG.error("unexpected error on " + uri.getPath(), e);
        return respond(Problem.of("internal-error", "Internal error", 500,
                "the request could not be processed; the error has been logged"), uri);
    }

    static Response respond(Problem p, UriInfo uri) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p.withInstance(uri.getPath())).build();
    }

    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
