package io.policyrouter.rest;

import io.policyrouter.service.Admission;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Admits a request's body into memory only while the replica's budget for bodies has room (Admission). One route
 * ahead of every other, so the JAX-RS calls are covered as well as chat completions, and it decides from the
 * Content-Length before a byte of the body is buffered: three hundred 5 MB bodies at once would otherwise exhaust a
 * pod's heap. A refused body is read and dropped, so the caller gets its 503 and the connection stays usable.
 */
@ApplicationScoped
public class BodyAdmission {

    private final Admission admission;
    private final ChatResponseWriter writer;
    private final long maxBody;

    public BodyAdmission(Admission admission, ChatResponseWriter writer,
                         @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
                         MemorySize maxBody) {
        this.admission = admission;
        this.writer = writer;
        this.maxBody = maxBody.asLongValue();
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
        ctx.addEndHandler(done -> admission.releaseBody(bytes));
        ctx.next();
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
