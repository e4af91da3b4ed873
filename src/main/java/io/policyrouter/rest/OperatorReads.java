package io.policyrouter.rest;

import io.policyrouter.service.AdminAccess;
import io.policyrouter.service.AuthException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * With router.admin.protect-reads, the operators' read endpoints need an admin or viewer key. One Vert.x route ahead
 * of the JAX-RS resources and the dashboard's static files covers both, so a new report under these paths cannot
 * be left open by forgetting an annotation.
 */
@ApplicationScoped
public class OperatorReads {

    /**
     * Matched on the normalized path, ignoring case, repeated slashes, a trailing slash and matrix parameters: no
     * spelling that reaches one of these resources gets past.
     */
    static final String PATHS = "(?i)/+(dashboard|v1/+stats|v1/+drift|v1/+policy)([/;].*)?";

    private final AdminAccess admins;
    private final ChatResponseWriter writer;

    public OperatorReads(AdminAccess admins, ChatResponseWriter writer) {
        this.admins = admins;
        this.writer = writer;
    }

    void register(@Observes Router router) {
        if (admins.readsProtected()) {
            router.routeWithRegex(PATHS).order(-200).handler(this::check);
        }
    }

    void check(RoutingContext ctx) {
        try {
            admins.authorizeRead(ctx.request().getHeader("Authorization"));
        } catch (AuthException refused) {
            writer.problem(ctx, refused);
            return;
        }
        ctx.next();
    }
}
