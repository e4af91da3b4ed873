package io.policyrouter.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.policyrouter.policy.Decision;
import io.policyrouter.policy.PolicyUnavailableException;
import io.policyrouter.policy.RoutingRefusedException;
import io.policyrouter.service.UnknownModelException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Locale;

/**
 * Every error of every endpoint leaves here as one {@link Problem} (RFC 9457 problem+json with OpenAI's error
 * member) and the right status; never a stack trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final RouteMapper mapper;

    public ProblemMappers(RouteMapper mapper) {
        this.mapper = mapper;
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e, UriInfo uri) {
        return respond(Problem.of("invalid-request", "Invalid request", 400, e.getMessage(), e.field(),
                "invalid_value"), uri);
    }

    /**
     * A pin naming no catalog model. The OpenAI-compatible endpoint answers as OpenAI does (404 on "model"); the
     * routing API treats it as an invalid field (400 on "pin").
     */
    @ServerExceptionMapper
    public Response unknownModel(UnknownModelException e, UriInfo uri) {
        if (ChatCompletionsResource.PATH.equals(uri.getPath())) {
            return respond(Problem.of("model-not-found", "Model not found", 404, e.getMessage(), "model",
                    "model_not_found"), uri);
        }
        return respond(Problem.of("invalid-request", "Invalid request", 400, "pin names no catalog model: '"
                + e.model() + "'", "pin", "invalid_value"), uri);
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
        return respond(Problem.of("invalid-json", "Invalid JSON", 400, detail, field, "invalid_json"), uri);
    }

    @ServerExceptionMapper
    public Response refused(RoutingRefusedException e, UriInfo uri) {
        Decision d = e.decision();
        Problem p = Problem.of("no-compliant-model", "No compliant model", 422, d.refusal().getReason(), null,
                "no_compliant_model").withDecision(d.decisionId(), d.policyVersion());
        RouteResponse.Refusal refusal = mapper.refusal(d.refusal());
        p = p.withRefusal(refusal.constraint(), refusal.source(), mapper.firedRules(d), mapper.removed(d));
        return decisionHeaders(respond(p, uri), d);
    }

    @ServerExceptionMapper
    public Response unavailable(PolicyUnavailableException e, UriInfo uri) {
        return respond(Problem.of("policy-unavailable", "Policy unavailable", 503, e.getMessage(), null,
                "policy_unavailable").withDecision(e.decisionId(), null), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        int status = e.getResponse().getStatus();
        String title = title(status);
        return respond(Problem.of(slug(title), title, status, e.getMessage(), null, null), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        // Our fault, not the caller's: log it whole, answer without internals.
        LOG.error("unexpected error on " + uri.getPath(), e);
        return respond(Problem.of("internal-error", "Internal error", 500,
                "the request could not be processed; the error has been logged", null, "internal_error"), uri);
    }

    static Response respond(Problem p, UriInfo uri) {
        return respond(p.withInstance(uri.getPath()));
    }

    static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    private static Response decisionHeaders(Response r, Decision d) {
        return Response.fromResponse(r).header("x-route-decision-id", d.decisionId())
                .header("x-route-policy-version", d.policyVersion()).build();
    }

    static String title(int status) {
        Response.Status s = Response.Status.fromStatusCode(status);
        return s == null ? "HTTP " + status : s.getReasonPhrase();
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
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
