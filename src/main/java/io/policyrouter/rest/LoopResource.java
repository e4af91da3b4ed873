package io.policyrouter.rest;

import io.policyrouter.service.LoopService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The calibration loop's reports, aggregated over every replica through the store; {@code window} e.g. PT24H. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class LoopResource {

    private final LoopService service;
    private final LoopViews views;

    public LoopResource(LoopService service, LoopViews views) {
        this.service = service;
        this.views = views;
    }

    /** Outcomes per model × task type × policy version, and the two error directions. */
    @GET
    @Path("/stats/outcomes")
    public LoopViews.Outcomes outcomes(@QueryParam("window") String window) {
        return views.toView(service.outcomes(LoopViews.window(window)));
    }

    /** Where measured outcomes left the catalog's scores, with the proposed catalog change. */
    @GET
    @Path("/drift")
    public LoopViews.Drift drift(@QueryParam("window") String window) {
        return views.toView(service.drift(LoopViews.window(window)));
    }

    /** The promoted policy against the one before it. */
    @GET
    @Path("/stats/regression")
    public LoopViews.Regression regression() {
        return views.toView(service.regression());
    }

    /** Everything the dashboard (/dashboard) draws. */
    @GET
    @Path("/stats/dashboard")
    public LoopViews.DashboardView dashboard(@QueryParam("window") String window) {
        return views.toView(service.dashboard(LoopViews.window(window)));
    }
}
