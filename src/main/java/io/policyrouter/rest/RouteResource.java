package io.policyrouter.rest;

import io.policyrouter.service.RoutingService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** POST /v1/route and /v1/annotate: map the body, call the routing service, map the answer. */
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
    public RouteResponse route(RouteRequestBody body) {
        return mapper.toResponse(service.route(mapper.toDomain(body)));
    }

    @POST
    @Path("/annotate")
    public AnnotationsView annotate(RouteRequestBody body) {
        return mapper.toView(service.annotate(mapper.toDomain(body)));
    }
}
