package io.policyrouter.rest;

import io.policyrouter.learn.BudgetExhaustedException;
import io.policyrouter.service.UnknownDecisionException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.policyrouter.policy.Decision;
import io.policyrouter.policy.PolicyUnavailableException;
import io.policyrouter.policy.RoutingRefusedException;
import io.policyrouter.service.AuthException;
import io.policyrouter.service.ClientAuthException;
import io.policyrouter.service.ClientRateLimitedException;
import io.policyrouter.service.OperatorAuthException;
import io.policyrouter.service.OverloadedException;
import io.policyrouter.service.PolicyChangeException;
import io.policyrouter.service.StoreUnavailableException;
import io.policyrouter.service.UnknownModelException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one mapping from a failure to what the client sees — a {@link Problem} (RFC 9457 with OpenAI's error member),
 * its status and headers — shared by the JAX-RS endpoints ({@link ProblemMappers}) and the chat-completions route.
 * A client mistake is a 4xx naming the field; overload a 503 with Retry-After; anything else a 500 without
 * internals, logged once.
 */
@ApplicationScoped
public class Problems {

    private static final Logger LOG = Logger.getLogger(Problems.class);

    /** A problem and the headers that go with it. */
    public record Answer(Problem problem, Map<String, String> headers) {

        public int status() {
            return problem.status();
        }
    }

    private final RouteMapper mapper;

    public Problems(RouteMapper mapper) {
        this.mapper = mapper;
    }

    public Answer of(Throwable e, String path) {
        Map<String, String> headers = new LinkedHashMap<>();
        Problem p;
        if (e instanceof BadRequestException b) {
            p = Problem.of("invalid-request", "Invalid request", 400, b.getMessage(), b.field(), "invalid_value");
        } else if (e instanceof UnknownModelException u) {
            // The OpenAI-compatible endpoint answers as OpenAI does (404 on "model"); the routing API treats it as
            // an invalid field (400 on "pin").
            p = ChatCompletionsRoute.PATH.equals(path)
                    ? Problem.of("model-not-found", "Model not found", 404, u.getMessage(), "model", "model_not_found")
                    : Problem.of("invalid-request", "Invalid request", 400, "pin names no catalog model: '"
                    + u.model() + "'", "pin", "invalid_value");
        } else if (e instanceof JsonProcessingException j) {
            p = unreadableJson(j);
        } else if (e instanceof RoutingRefusedException r) {
            Decision d = r.decision();
            RouteResponse.Refusal refusal = mapper.refusal(d.refusal());
            p = Problem.of("no-compliant-model", "No compliant model", 422, d.refusal().getReason(), null,
                            "no_compliant_model").withDecision(d.decisionId(), d.policyVersion())
                    .withRefusal(refusal.constraint(), refusal.source(), mapper.firedRules(d), mapper.removed(d));
            headers.put("x-route-decision-id", d.decisionId());
            headers.put("x-route-policy-version", d.policyVersion());
        } else if (e instanceof PolicyUnavailableException u) {
            p = Problem.of("policy-unavailable", "Policy unavailable", 503, u.getMessage(), null,
                    "policy_unavailable").withDecision(u.decisionId(), null);
        } else if (e instanceof AuthException a) {
            boolean unauthorized = a.status() == 401;
            // a routing call answers with OpenAI's codes, so that its SDKs raise AuthenticationError and
            // PermissionDeniedError; an admin call with our own
            boolean client = a instanceof ClientAuthException;
            String slug = unauthorized ? "unauthorized" : "forbidden";
            String code = !client ? slug : unauthorized ? "invalid_api_key" : "permission_denied";
            p = Problem.of(slug, unauthorized ? "Unauthorized" : "Forbidden", a.status(), a.getMessage(), null, code);
            if (a instanceof OperatorAuthException) {
                headers.put("WWW-Authenticate", "Basic realm=\"policy-router operators\", charset=\"UTF-8\"");
            } else if (unauthorized) {
                headers.put("WWW-Authenticate", "Bearer realm=\"policy-router" + (client ? "" : " admin") + "\"");
            }
        } else if (e instanceof PolicyChangeException c) {
            p = Problem.of("policy-conflict", "Conflict", 409, c.getMessage(), null, "policy_conflict");
        } else if (e instanceof StoreUnavailableException u) {
            p = Problem.of("store-unavailable", "Service Unavailable", 503, u.getMessage(), null, "store_unavailable");
            headers.put("Retry-After", "5");
        } else if (e instanceof UnknownDecisionException u) {
            p = Problem.of("decision-not-found", "Not Found", 404, u.getMessage(), "decision_id", "decision_not_found");
        } else if (e instanceof BudgetExhaustedException b) {
            p = Problem.of("budget-exhausted", "Too Many Requests", 429, b.getMessage(), null, "budget_exhausted");
            headers.put("Retry-After", retryAfter(b.retryAfter()));
        } else if (e instanceof ClientRateLimitedException r) {
            // OpenAI's code for a request rate, so that its SDKs back off and retry after Retry-After
            p = Problem.of("rate-limited", "Too Many Requests", 429, r.getMessage(), null, "rate_limit_exceeded");
            headers.put("Retry-After", retryAfter(r.retryAfter()));
        } else if (e instanceof OverloadedException o) {
            p = Problem.of("overloaded", "Service Unavailable", 503, o.getMessage(), null, "overloaded");
            headers.put("Retry-After", retryAfter(o.retryAfter()));
        } else if (e instanceof WebApplicationException w && w.getCause() instanceof JsonProcessingException j) {
            p = unreadableJson(j);
        } else if (e instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            String title = title(status);
            p = Problem.of(title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"), title, status, w.getMessage(),
                    null, null);
        } else {
            // Our fault, not the caller's: log it whole, answer without internals.
            LOG.error("unexpected error on " + path, e);
            p = Problem.of("internal-error", "Internal error", 500,
                    "the request could not be processed; the error has been logged", null, "internal_error");
        }
        return new Answer(p.withInstance(path), headers);
    }

    private static Problem unreadableJson(JsonProcessingException e) {
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
        return Problem.of("invalid-json", "Invalid JSON", 400, detail, field, "invalid_json");
    }

    /** Retry-After in whole seconds, at least 1 (RFC 9110). */
    static String retryAfter(Duration wait) {
        return String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000));
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
}
