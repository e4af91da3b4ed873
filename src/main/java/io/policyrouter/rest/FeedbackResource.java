package io.policyrouter.rest;

import io.policyrouter.service.FeedbackService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * POST /v1/feedback: what came of a decision. 201 when kept, 200 with the feedback already kept for this
 * (decision, source) — a retried call changes nothing; 404 for an unknown decision.
 */
@Path("/v1/feedback")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class FeedbackResource {

    private final FeedbackService service;
    private final LoopViews views;

    public FeedbackResource(FeedbackService service, LoopViews views) {
        this.service = service;
        this.views = views;
    }

    @POST
    public Response record(FeedbackBody body) {
        FeedbackService.Result r = service.record(views.toDomain(body));
        return Response.status(r.created() ? 201 : 200).entity(views.toView(r)).build();
    }
}
