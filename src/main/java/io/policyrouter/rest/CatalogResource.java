package io.policyrouter.rest;

import io.policyrouter.catalog.ModelCatalog;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** GET /v1/models: the catalog, in the OpenAI model-list shape so OpenAI clients can list it too. */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    private final ModelCatalog catalog;
    private final RouteMapper mapper;

    public CatalogResource(ModelCatalog catalog, RouteMapper mapper) {
        this.catalog = catalog;
        this.mapper = mapper;
    }

    @GET
    public ModelView.ModelList list() {
        return new ModelView.ModelList("list", catalog.models().stream().map(mapper::toView).toList());
    }

    @GET
    @Path("/{id}")
    public ModelView get(@PathParam("id") String id) {
        return catalog.find(id).map(mapper::toView).orElseThrow(() -> new NotFoundException("no model '" + id + "'"));
    }
}
