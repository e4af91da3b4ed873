package io.policyrouter.rest;

import io.policyrouter.service.AdminAccess;
import io.policyrouter.service.PolicyLifecycle;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Run-time policy changes, for operators with an admin key: promote the build's candidate policy, roll back to the
 * previous one, and where things stand. Every replica follows a change within the store's watch interval.
 */
@Path("/admin/policy")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final AdminAccess admins;
    private final PolicyLifecycle lifecycle;
    private final PolicyViews views;

    public AdminResource(AdminAccess admins, PolicyLifecycle lifecycle, PolicyViews views) {
        this.admins = admins;
        this.lifecycle = lifecycle;
        this.views = views;
    }

    @POST
    @Path("/promote")
    public PolicyViews.Status promote(@HeaderParam("Authorization") String authorization) {
        return views.toView(lifecycle.promote(admins.authenticate(authorization)));
    }

    @POST
    @Path("/rollback")
    public PolicyViews.Status rollback(@HeaderParam("Authorization") String authorization) {
        return views.toView(lifecycle.rollback(admins.authenticate(authorization)));
    }

    @GET
    public PolicyViews.Status status(@HeaderParam("Authorization") String authorization) {
        admins.authenticate(authorization);
        return views.toView(lifecycle.status());
    }
}
