package io.policyrouter.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.policyrouter.dispatch.ChatRequest;
import io.policyrouter.vocabulary.RouteRequest;
import io.policyrouter.vocabulary.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Binds a routing call to its client key (router.client-keys): the key's tenant and tier replace what the caller may
 * claim. Keys are looked up by their SHA-256 digest, so the lookup's time says nothing about how much of a guessed
 * key was right. Without configured keys nothing is checked, and the caller's Authorization header (the OpenAI SDKs
 * always send one) is ignored.
 */
@ApplicationScoped
public class ClientAccess {

    /** One configured key; {@code limiter} null when the key has no request rate. */
    record Client(String name, String tenant, List<String> userTiers, RequestRate rate) {
    }

    private final Map<String, Client> byDigest = new HashMap<>();
    private final boolean required;
    private final MeterRegistry meters;

    public ClientAccess(ClientKeysConfig config, MeterRegistry meters) {
        this.meters = meters;
        this.required = config.required();
        config.clients().forEach((name, c) -> {
            String key = c.key() == null ? "" : c.key().trim();
            if (key.length() < 16) {
                throw new IllegalStateException("router.client-keys.clients." + name
                        + ".key must be at least 16 characters");
            }
            String tenant = c.tenant() == null ? "" : c.tenant().trim();
            if (tenant.isEmpty() || tenant.length() > 256) {
                throw new IllegalStateException("router.client-keys.clients." + name
                        + ".tenant must be 1 to 256 characters");
            }
            List<String> tiers = c.userTiers().map(t -> t.stream().map(String::trim).filter(v -> !v.isEmpty())
                    .toList()).orElse(List.of());
            if (tiers.stream().anyMatch(t -> t.length() > 64)) {
                throw new IllegalStateException("router.client-keys.clients." + name
                        + ".user-tiers: a tier is at most 64 characters");
            }
            RequestRate rate = c.requestsPerMinute().map(rpm -> rate(name, rpm)).orElse(null);
            if (byDigest.put(digest(key), new Client(name, tenant, tiers, rate)) != null) {
                throw new IllegalStateException("router.client-keys: two clients share one key (" + name + ")");
            }
        });
        if (required && byDigest.isEmpty()) {
            throw new IllegalStateException("router.client-keys.required=true, but no client key is configured "
                    + "(router.client-keys.clients.<name>.key)");
        }
    }

    /** The request as its client key allows it; throws {@link ClientAuthException}. */
    public RouteRequest bind(RouteRequest request, String authorization) {
        if (byDigest.isEmpty()) {
            return request;
        }
        String key = Credentials.presented(authorization);
        Client client = key == null ? null : byDigest.get(digest(key));
        if (client == null) {
            if (!required) {
                return request; // keys are being introduced: a caller without one is served as before
            }
            throw refused(key == null ? "missing" : "invalid", 401, key == null
                    ? "this router needs a client key: Authorization: Bearer <key>" : "the client key is not valid");
        }
        long wait = client.rate() == null ? 0 : client.rate().take();
        if (wait > 0) {
            meters.counter("router.client_keys.refused", "reason", "rate_limit").increment();
            throw new ClientRateLimitedException(client.name(), Duration.ofNanos(wait));
        }
        RoutingContext c = request.context();
        if (c.tenant() != null && !c.tenant().equals(client.tenant())) {
            throw refused("tenant", 403, "this client key speaks for tenant '" + client.tenant()
                    + "', not '" + c.tenant() + "'");
        }
        String tier = c.userTier();
        if (!client.userTiers().isEmpty()) {
            if (tier == null) {
                tier = client.userTiers().get(0);
            } else if (!client.userTiers().contains(tier)) {
                throw refused("user_tier", 403, "this client key may name user tiers " + client.userTiers()
                        + ", not '" + tier + "'");
            }
        }
        return new RouteRequest(request.messages(), c.withCaller(client.tenant(), tier));
    }

    /** The same for a chat-completions request. */
    public ChatRequest bind(ChatRequest request, String authorization) {
        RouteRequest bound = bind(request.route(), authorization);
        return bound == request.route() ? request
                : new ChatRequest(bound, request.body(), request.stream(), request.faults(), request.trace());
    }

    private ClientAuthException refused(String reason, int status, String message) {
        meters.counter("router.client_keys.refused", "reason", reason).increment();
        return new ClientAuthException(status, message);
    }

    private static RequestRate rate(String name, int perMinute) {
        if (perMinute < 1) {
            throw new IllegalStateException("router.client-keys.clients." + name
                    + ".requests-per-minute must be at least 1");
        }
        return new RequestRate(perMinute, System::nanoTime);
    }

    private static String digest(String key) {
        return HexFormat.of().formatHex(Credentials.sha256(key));
    }
}
