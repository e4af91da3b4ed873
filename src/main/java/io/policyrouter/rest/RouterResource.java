package io.policyrouter.rest;

import io.policyrouter.vocabulary.RouteRequest;
import io.policyrouter.annotate.Annotator;
import io.policyrouter.policy.PolicyService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** POST /v1/route and /v1/annotate. Resources hold no logic: map, annotate, decide, map. */
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RouterResource {

    private final RouteMapper mapper;
    private final Annotator annotator;
    private final PolicyService policy;

    public RouterResource(RouteMapper mapper, Annotator annotator, PolicyService policy) {
        this.mapper = mapper;
        this.annotator = annotator;
        this.policy = policy;
    }

    @POST
    @Path("/route")
    public RouteResponse route(RouteRequestBody body) {
        RouteRequest request = mapper.toDomain(body);
        return mapper.toResponse(policy.decide(request, annotator.annotate(request)));
    }

    @POST
    @Path("/annotate")
    public AnnotationsView annotate(RouteRequestBody body) {
        return mapper.toView(annotator.annotate(mapper.toDomain(body)));
    }
}
