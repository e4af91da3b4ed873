package io.policyrouter.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Any OpenAI-compatible chat-completions API (OpenAI, Azure OpenAI v1, vLLM, Ollama, gateways) through the Quarkus
 * REST client. Translates every failure into a classified {@link ProviderException}; timeouts per attempt, retries
 * and the circuit breaker are the chain runner's job.
 */
final class OpenAiProvider implements ChatProvider {

    private static final String DONE = "[DONE]";

    private final String name;
    private final ObjectMapper json;
    private final OpenAiApi plain;
    private final OpenAiApi events;

    OpenAiProvider(String name, ProvidersConfig.Provider config, String apiKey, ObjectMapper json) {
        this.name = name;
        this.json = json;
        URI base = URI.create(config.baseUrl().orElseThrow().replaceAll("/+$", ""));
        Headers headers = new Headers(config, apiKey);
        // Two clients: without the default error mapper a JSON call returns any status as a Response (body and
        // Retry-After readable); the SSE client needs it so an error status fails the stream instead of parsing it.
        this.plain = builder(base, config, headers).disableDefaultMapper(true).build(OpenAiApi.class);
        this.events = builder(base, config, headers).build(OpenAiApi.class);
    }

    private static QuarkusRestClientBuilder builder(URI base, ProvidersConfig.Provider config, Headers headers) {
        return QuarkusRestClientBuilder.newBuilder().baseUri(base)
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .clientHeadersFactory(headers);
    }

    @Override
    public String kind() {
        return "openai";
    }

    @Override
    public Uni<ObjectNode> complete(ProviderCall call) {
        return plain.complete(call.body()).map(this::completion).onFailure(e -> !(e instanceof ProviderException))
                .transform(this::classify);
    }

    @Override
    public Multi<ObjectNode> stream(ProviderCall call) {
        return events.stream(call.body()).select().where(data -> !DONE.equals(data.trim())).map(this::chunk)
                .onFailure(e -> !(e instanceof ProviderException)).transform(this::classify);
    }

    private ObjectNode completion(Response r) {
        String text = r.hasEntity() ? r.readEntity(String.class) : "";
        if (r.getStatus() >= 300) {
            throw ProviderException.http(r.getStatus(), parse(text), retryAfter(r));
        }
        JsonNode body = parse(text);
        if (body == null || !body.isObject() || !body.path("choices").isArray()) {
            throw ProviderException.of(Outcome.BAD_RESPONSE, name + " answered " + r.getStatus()
                    + " without a chat completion");
        }
        return (ObjectNode) body;
    }

    private ObjectNode chunk(String data) {
        JsonNode chunk = parse(data);
        if (chunk == null || !chunk.isObject()) {
            throw ProviderException.of(Outcome.BAD_RESPONSE, name + " streamed an event that is not JSON");
        }
        if (chunk.has("error")) {
            // OpenAI reports a failure inside an already started stream as an error event.
            throw ProviderException.http(500, chunk, null);
        }
        return (ObjectNode) chunk;
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private Throwable classify(Throwable e) {
        if (e instanceof WebApplicationException w && w.getResponse() != null) {
            Response r = w.getResponse();
            String text = null;
            try {
                text = r.hasEntity() ? r.readEntity(String.class) : null;
            } catch (RuntimeException unreadable) {
                // the status alone classifies it
            }
            return ProviderException.http(r.getStatus(), parse(text), retryAfter(r));
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return ProviderException.of(Outcome.TIMEOUT, name + ": " + t.getMessage());
            }
            if (t instanceof IOException || t.getClass().getName().startsWith("io.vertx")
                    || t.getClass().getName().startsWith("io.netty")) {
                return ProviderException.of(Outcome.CONNECTION_ERROR, name + ": " + t.getClass().getSimpleName()
                        + (t.getMessage() == null ? "" : ": " + t.getMessage()));
            }
        }
        return ProviderException.of(Outcome.CONNECTION_ERROR, name + ": " + e);
    }

    private static java.time.Duration retryAfter(Response r) {
        return RetryAfter.parse(r.getHeaderString("retry-after-ms"), r.getHeaderString("Retry-After"), Instant.now());
    }

    /** Adds the key (read once from the environment at start-up) and the configured headers to every call. */
    private static final class Headers implements ClientHeadersFactory {
        private final MultivaluedMap<String, String> values = new MultivaluedHashMap<>();

        Headers(ProvidersConfig.Provider config, String apiKey) {
            config.headers().forEach(values::putSingle);
            if (apiKey != null) {
                boolean bearer = config.authHeader().equalsIgnoreCase("Authorization");
                values.putSingle(config.authHeader(), bearer ? "Bearer " + apiKey : apiKey);
            }
        }

        @Override
        public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
                                                     MultivaluedMap<String, String> outgoing) {
            MultivaluedMap<String, String> out = new MultivaluedHashMap<>();
            for (Map.Entry<String, java.util.List<String>> e : values.entrySet()) {
                out.put(e.getKey(), e.getValue());
            }
            return out;
        }
    }
}
