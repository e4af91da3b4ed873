package io.policyrouter.dispatch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Providers by the name the catalog's {@code provider} field uses. A provider without configuration is served by the
 * built-in simulator (unless router.simulator.enabled=false, which then stops start-up).
 *
 * <pre>
 * router.providers.openai.kind=openai
 * router.providers.openai.base-url=https://api.openai.com/v1
 * router.providers.openai.api-key-env=OPENAI_API_KEY
 * router.providers.openai.models."gpt-4.1"=gpt-4.1-2025-04-14
 * </pre>
 */
@ConfigMapping(prefix = "router.providers")
public interface ProvidersConfig {

    @WithParentName
    Map<String, Provider> all();

    interface Provider {

        /** openai: any OpenAI-compatible chat-completions API; simulated: the built-in simulator. */
        @WithDefault("openai")
        Kind kind();

        /** Base URL up to the version segment, e.g. https://api.openai.com/v1 (chat/completions is appended). */
        Optional<String> baseUrl();

        /** Name of the environment variable holding the API key — never the key itself. None for keyless servers. */
        Optional<String> apiKeyEnv();

        /** Header carrying the key: Authorization (sent as "Bearer key") or e.g. api-key for Azure OpenAI. */
        @WithDefault("Authorization")
        String authHeader();

        /** Extra non-secret headers sent on every call (e.g. OpenAI-Organization). */
        Map<String, String> headers();

        /** Catalog model id -> the provider's model (or Azure deployment) name; unmapped ids are sent unchanged. */
        Map<String, String> models();

        @WithDefault("5s")
        Duration connectTimeout();

        /** Socket idle limit; the attempt timeout from the latency tier is usually the tighter bound. */
        @WithDefault("120s")
        Duration readTimeout();

        /**
         * Connections kept to the provider (HTTP/1.1 carries one call at a time per connection). Sized for thousands
         * of concurrent calls and streams: an LLM call holds its connection for seconds.
         */
        @WithDefault("10000")
        int maxConnections();

        /** Calls in flight to this provider at most; beyond it a step is skipped as overloaded (no breaker count). */
        @WithDefault("10000")
        int maxInFlight();

        /** How long an idle pooled connection is kept for the next call. */
        @WithDefault("60s")
        Duration keepAliveTimeout();

        /**
         * auto: HTTP/2 where the provider offers it (ALPN on https), else HTTP/1.1; always: HTTP/2 also on plain http
         * (prior knowledge, e.g. a local vLLM behind an h2c proxy); never: HTTP/1.1 only.
         */
        @WithDefault("auto")
        Http2 http2();

        /** HTTP/2 connections to the provider (each multiplexes many calls). */
        @WithDefault("4")
        int http2Connections();

        /**
         * Ask for a stream's token usage (stream_options.include_usage) when the caller did not, so that every
         * stream's spend and cost are its provider's figures rather than the policy's estimate; the extra usage
         * chunk is not passed on to that caller. A server that refuses the option (a 400/422 naming stream_options)
         * gets the call again without it and is not asked again; false saves it that first refusal.
         */
        @WithDefault("true")
        boolean streamUsage();
    }

    enum Kind { OPENAI, SIMULATED }

    enum Http2 { AUTO, ALWAYS, NEVER }
}
