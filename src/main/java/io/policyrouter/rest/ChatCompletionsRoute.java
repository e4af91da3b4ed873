package io.policyrouter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.policyrouter.observe.DecisionRecorder;
import io.policyrouter.service.Admission;
import io.policyrouter.service.RoutingService;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;

/**
 * POST /v1/chat/completions, OpenAI-compatible: routes the request ("auto", or a pinned catalog model within policy),
 * calls the chain and answers as OpenAI does — JSON or server-sent events. A Vert.x route rather than a JAX-RS
 * resource: the call to the provider and the relayed stream hold no thread, and a stream is written at the pace the
 * client reads. Errors are the common {@link Problem}, whose OpenAI {@code error} member the SDKs read.
 */
@ApplicationScoped
public class ChatCompletionsRoute {

    public static final String PATH = "/v1/chat/completions";

    private final ChatMapper mapper;
    private final RoutingService service;
    private final Admission admission;
    private final ChatResponseWriter writer;
    private final Problems problems;
    private final DecisionRecorder recorder;
    private final ObjectMapper json;
    private final long maxBodyBytes;

    public ChatCompletionsRoute(ChatMapper mapper, RoutingService service, Admission admission,
                                ChatResponseWriter writer, Problems problems, DecisionRecorder recorder,
                                ObjectMapper json,
                                @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
                                MemorySize maxBody) {
        this.mapper = mapper;
        this.service = service;
        this.admission = admission;
        this.writer = writer;
        this.problems = problems;
        this.recorder = recorder;
        this.json = json;
        this.maxBodyBytes = maxBody.asLongValue();
    }

    void register(@Observes Router router) {
        // Ahead of the JAX-RS handler, which answers every path it does not know with a 404.
        router.post(PATH).order(-100).handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .handler(this::complete).failureHandler(this::failed);
        router.route(PATH).order(-99).handler(ctx -> writer.problem(ctx, new jakarta.ws.rs.NotAllowedException("POST")));
    }

    void complete(RoutingContext ctx) {
        try {
            admission.acquire();
        } catch (RuntimeException overloaded) {
            writer.problem(ctx, overloaded);
            return;
        }
        try {
            writer.write(ctx, service.complete(mapper.toDomain(body(ctx), ctx.request()::getHeader),
                    ctx.request().getHeader("Authorization")), admission::release);
        } catch (RuntimeException | IOException e) {
            admission.release();
            writer.problem(ctx, e);
        }
    }

    private ObjectNode body(RoutingContext ctx) throws IOException {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new jakarta.ws.rs.NotSupportedException("the body must be application/json");
        }
        // No body at all leaves the buffer null (length -1), not empty.
        io.vertx.core.buffer.Buffer bytes = ctx.body().buffer();
        if (bytes == null || bytes.length() == 0) {
            throw new BadRequestException("body", "a JSON object with 'messages' is required");
        }
        JsonNode node = json.readTree(bytes.getBytes());
        if (!(node instanceof ObjectNode object)) {
            throw new BadRequestException("body", "the body must be a JSON object with 'messages'");
        }
        return object;
    }

    /** Body too large, or the client left while its body was being read (recorded, never logged as an error). */
    void failed(RoutingContext ctx) {
        if (ctx.response().closed() || ctx.request().connection() == null || ctx.response().ended()) {
            recorder.clientGone("reading_body");
            return;
        }
        if (ctx.statusCode() == 413) {
            writer.problem(ctx, new jakarta.ws.rs.WebApplicationException("the body is larger than "
                    + maxBodyBytes + " bytes", 413));
            return;
        }
        writer.problem(ctx, ctx.failure() != null ? ctx.failure()
                : new jakarta.ws.rs.WebApplicationException(ctx.statusCode()));
    }
}
