package io.policyrouter.rest;

import io.policyrouter.service.RoutingService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** GET /v1/decisions/{id}: a decision's full explanation and what came of it, whichever replica made it. */
@Path("/v1/decisions")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResource {

    private final RoutingService service;
    private final DecisionMapper mapper;

    public DecisionResource(RoutingService service, DecisionMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    @GET
    @Path("/{id}")
    public DecisionView get(@PathParam("id") String id) {
        return service.lookup(id).map(mapper::toView)
                .orElseThrow(() -> new NotFoundException("no decision '" + id + "' is kept (unknown id, or older than "
                        + "the store's retention)"));
    }
}
