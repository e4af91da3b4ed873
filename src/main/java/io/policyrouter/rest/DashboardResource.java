package io.policyrouter.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /dashboard} to {@code /dashboard/}, where the page is served from META-INF/resources/dashboard/index.html
 * (Quarkus serves a directory's index.html only under the trailing slash). The location is relative, so the redirect
 * holds behind a proxy that mounts the service under a path prefix. A page, not API: kept out of the OpenAPI document.
 */
@Path("/dashboard")
public class DashboardResource {

    @GET
    @Operation(hidden = true)
    public Response page() {
        return Response.status(Response.Status.MOVED_PERMANENTLY).header("Location", "dashboard/").build();
    }
}
