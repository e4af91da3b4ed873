package io.policyrouter.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Client keys for the routing API (docs/deployment.md, "Who may say what"): each key speaks for one tenant and,
 * optionally, a set of user tiers, so that a caller cannot claim another tenant's budget or a tier it has not bought.
 * {@code router.client-keys.clients.<name>.key} (from a Secret, like the admin keys), {@code .tenant},
 * {@code .user-tiers}. None is configured by default: the caller's context is then taken as sent.
 */
@ConfigMapping(prefix = "router.client-keys")
public interface ClientKeysConfig {

    /** When true, every call of /v1/chat/completions, /v1/route and /v1/annotate needs a configured client key. */
    @WithDefault("false")
    boolean required();

    Map<String, Client> clients();

    interface Client {

        /** The secret the caller sends as {@code Authorization: Bearer <key>} (the OpenAI SDKs' api_key). */
        String key();

        /** The tenant every request with this key is made for. */
        String tenant();

        /** The user tiers the key may name; the first is taken when a request names none. Absent: any tier. */
        Optional<List<String>> userTiers();

        /**
         * Routing calls this key may make per minute on each replica (a token bucket: a burst of this many, refilled
         * evenly over the minute); beyond it, 429 with Retry-After. Absent: no limit but the tenant's budget.
         */
        Optional<Integer> requestsPerMinute();
    }
}
