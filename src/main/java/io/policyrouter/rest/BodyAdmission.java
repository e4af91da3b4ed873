package io.policyrouter.rest;

import io.policyrouter.dispatch.DispatchConfig;
import io.policyrouter.observe.DecisionRecorder;
import io.policyrouter.service.Admission;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Admits a request's body into memory only while the replica's budget for bodies has room (Admission). One route
 * ahead of every other, so the JAX-RS calls are covered as well as chat completions, and it decides from the
 * Content-Length before a byte of the body is buffered: three hundred 5 MB bodies at once would otherwise exhaust a
 * pod's heap. A refused body is read and dropped, so the caller gets its 503 and the connection stays usable. An
 * admitted body must arrive within router.dispatch.body-timeout, so that slow senders cannot hold the room.
 */
@ApplicationScoped
public class BodyAdmission {

    private final Admission admission;
    private final ChatResponseWriter writer;
    private final DecisionRecorder recorder;
    private final long maxBody;
    private final long bodyTimeoutMs;

    public BodyAdmission(Admission admission, ChatResponseWriter writer, DecisionRecorder recorder,
                         DispatchConfig config,
                         @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
                         MemorySize maxBody) {
        this.admission = admission;
        this.writer = writer;
        this.recorder = recorder;
        this.maxBody = maxBody.asLongValue();
        this.bodyTimeoutMs = Math.max(1, config.bodyTimeout().toMillis());
    }

    void register(@Observes Router router) {
        router.route().order(-300).handler(this::admit);
    }

    void admit(RoutingContext ctx) {
        long bytes = declared(ctx.request());
        if (bytes <= 0) {
            ctx.next();
            return;
        }
        try {
            admission.acquireBody(bytes);
        } catch (RuntimeException overloaded) {
            HttpServerRequest request = ctx.request();
            request.handler(dropped -> { });
            request.resume();
            writer.problem(ctx, overloaded);
            return;
        }
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            ctx.addEndHandler(done -> admission.releaseBody(bytes));
        } else {
            long timer = ctx.vertx().setTimer(bodyTimeoutMs, fired -> tooSlow(ctx));
            ctx.addEndHandler(done -> {
                ctx.vertx().cancelTimer(timer);
                admission.releaseBody(bytes);
            });
        }
        ctx.next();
    }

    /** The body is still arriving at the deadline: 408 and the connection closed, which frees its room. */
    private void tooSlow(RoutingContext ctx) {
        if (ctx.request().isEnded() || ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        recorder.clientGone("reading_body");
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        writer.problem(ctx, new WebApplicationException("the request body did not arrive within " + bodyTimeoutMs
                + " ms (router.dispatch.body-timeout)", 408));
        ctx.request().connection().close();
    }

    /** The body's size as declared; one of unknown size counts as the largest allowed; 0 when there is none. */
    private long declared(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                return Math.min(Long.parseLong(length.trim()), maxBody);
            } catch (NumberFormatException malformed) {
                return 0; // refused by the HTTP codec or the body handler
            }
        }
        if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                || request.version() == HttpVersion.HTTP_2 && !request.isEnded()) {
            return maxBody;
        }
        return 0;
    }
}
