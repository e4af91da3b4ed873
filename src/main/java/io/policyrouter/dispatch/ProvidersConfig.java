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
    }

    enum Kind { OPENAI, SIMULATED }
}
