package io.policyrouter.store;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The decision store in /q/health (and /q/health/well), but not in readiness: routing goes on while the store is
 * away — records wait in the buffer — so a pod must not be taken out of service for it.
 */
@Wellness
@ApplicationScoped
public class StoreHealth implements HealthCheck {

    private final StoreBackend backend;
    private final StoreWriter writer;

    public StoreHealth(StoreBackend backend, StoreWriter writer) {
        this.backend = backend;
        this.writer = writer;
    }

    @Override
    public HealthCheckResponse call() {
        if (backend.store().isEmpty()) {
            return HealthCheckResponse.named("decision-store").up().withData("kind", "none").build();
        }
        String error = writer.lastError();
        if (error == null) {
            try {
                backend.ready().ping();
            } catch (RuntimeException e) {
                error = e.getMessage();
            }
        }
        var r = HealthCheckResponse.named("decision-store").status(error == null)
                .withData("kind", backend.store().get().kind()).withData("buffered", writer.buffered());
        return (error == null ? r : r.withData("error", error)).build();
    }
}
