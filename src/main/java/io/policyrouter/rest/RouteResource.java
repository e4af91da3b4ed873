package io.policyrouter.rest;

import io.policyrouter.service.RoutingService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * POST /v1/route and /v1/annotate: map the body, call the routing service, map the answer. Reactive: served on the
 * event loop when the decision is cached, on a worker thread only when the rule engine must run.
 */
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RouteResource {

    private final RouteMapper mapper;
    private final RoutingService service;

    public RouteResource(RouteMapper mapper, RoutingService service) {
        this.mapper = mapper;
        this.service = service;
    }

    @POST
    @Path("/route")
    public Uni<RouteResponse> route(RouteRequestBody body, @HeaderParam("Authorization") String authorization) {
        return service.routeAsync(mapper.toDomain(body), authorization).map(mapper::toResponse);
    }

    @POST
    @Path("/annotate")
    public Uni<AnnotationsView> annotate(RouteRequestBody body, @HeaderParam("Authorization") String authorization) {
        return service.annotateAsync(mapper.toDomain(body), authorization).map(mapper::toView);
    }
}
