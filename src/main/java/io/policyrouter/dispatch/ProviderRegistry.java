package io.policyrouter.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.catalog.ModelProfile;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every provider the catalog names, built once at start-up from configuration (or the simulator), each with its own
 * SmallRye Fault Tolerance circuit breaker: a dead provider is skipped for every request while its breaker is open,
 * instead of costing each request an attempt. A misconfigured provider stops start-up.
 */
@Startup
@Singleton
public class ProviderRegistry {

    private static final Logger LOG = Logger.getLogger(ProviderRegistry.class);

    /** A provider, its breaker, its model-name mapping and its calls in flight (bounded by maxInFlight). */
    /**
     * {@code streamUsage}: the provider is asked for a stream's usage (ProvidersConfig.Provider#streamUsage) until
     * it refuses the option once ({@code usageRefused}).
     */
    public record Entry(String name, ChatProvider provider, Guard guard, Map<String, String> models,
                        AtomicInteger circuit, AtomicInteger inFlight, int maxInFlight, boolean streamUsage,
                        AtomicBoolean usageRefused) {

        /** Whether a stream to this provider asks for its usage. */
        public boolean asksStreamUsage() {
            return streamUsage && !usageRefused.get();
        }

        /** The provider refused stream_options: streams to it are priced by the estimate from now on. */
        public void refusedStreamUsage() {
            if (usageRefused.compareAndSet(false, true)) {
                LOG.warnf("provider %s refused stream_options.include_usage: its streams are priced by the policy's "
                        + "estimate from now on (set router.providers.%s.stream-usage=false)", name, name);
            }
        }

        /** Takes a slot for one call; false when the provider is at its limit (the step is then shed). */
        public boolean acquire() {
            if (inFlight.incrementAndGet() > maxInFlight) {
                inFlight.decrementAndGet();
                return false;
            }
            return true;
        }

        public void release() {
            inFlight.decrementAndGet();
        }

        public String upstreamModel(String catalogId) {
            return models.getOrDefault(catalogId, catalogId);
        }

        public CircuitBreakerState circuitState() {
            return CircuitBreakerState.values()[circuit.get()];
        }
    }

    private final Map<String, Entry> entries;

    public ProviderRegistry(ModelCatalog catalog, ProvidersConfig providers, DispatchConfig dispatch,
                            SimulatorConfig simulator, SimulatedProvider simulated, MeterRegistry meters,
                            ObjectMapper json, Vertx vertx) {
        TreeSet<String> names = new TreeSet<>();
        catalog.models().forEach(m -> names.add(m.provider()));
        names.addAll(providers.all().keySet());
        Map<String, Entry> built = new TreeMap<>();
        boolean simulate = simulates(simulator.enabled(), providers.all());
        for (String name : names) {
            ProvidersConfig.Provider config = providers.all().get(name);
            ChatProvider provider = create(name, config, simulate, simulated, json, vertx, dispatch.maxEventBytes(),
                    dispatch.maxAnswerBytes());
            AtomicInteger circuit = new AtomicInteger(CircuitBreakerState.CLOSED.ordinal());
            AtomicInteger inFlight = new AtomicInteger();
            built.put(name, new Entry(name, provider, guard(name, dispatch.circuitBreaker(), circuit, meters),
                    config == null ? Map.of() : Map.copyOf(config.models()), circuit, inFlight,
                    config == null ? Integer.MAX_VALUE : config.maxInFlight(), config == null || config.streamUsage(),
                    new AtomicBoolean()));
            Gauge.builder("router.dispatch.circuit.state", circuit, AtomicInteger::get)
                    .description("Provider circuit breaker: 0 closed, 1 open, 2 half-open")
                    .tag("provider", name).register(meters);
            Gauge.builder("router.dispatch.in_flight", inFlight, AtomicInteger::get)
                    .description("Calls to the provider in flight (answers awaited, streams relayed)")
                    .tag("provider", name).register(meters);
            if (config != null && !catalogUses(catalog, name)) {
                LOG.warnf("provider %s is configured but no catalog model names it", name);
            }
        }
        this.entries = Map.copyOf(built);
        StringBuilder summary = new StringBuilder();
        built.values().forEach(e -> summary.append(summary.isEmpty() ? "" : ", ").append(e.name()).append('=')
                .append(e.provider().kind()));
        LOG.infof("dispatch providers: %s", summary);
        long fake = built.values().stream().filter(e -> e.provider().kind().equals("simulated")).count();
        if (fake > 0) {
            LOG.warnf("%d provider(s) answer with the built-in SIMULATOR; configure router.providers.<name> (and "
                    + "set router.simulator.enabled=false) to call real models", fake);
        }
    }

    public Optional<Entry> find(String provider) {
        return Optional.ofNullable(entries.get(provider));
    }

    public Map<String, Entry> all() {
        return entries;
    }

    private static boolean catalogUses(ModelCatalog catalog, String provider) {
        return catalog.models().stream().map(ModelProfile::provider).anyMatch(provider::equals);
    }

    /**
     * Whether the providers without configuration are simulated: as configured, else only while no provider at all
     * calls a real API (a partial configuration is a mistake, not a demo).
     */
    static boolean simulates(Optional<Boolean> enabled, Map<String, ProvidersConfig.Provider> configured) {
        return enabled.orElseGet(() -> configured.values().stream()
                .allMatch(p -> p.kind() == ProvidersConfig.Kind.SIMULATED));
    }

    private static ChatProvider create(String name, ProvidersConfig.Provider config, boolean simulate,
                                       SimulatedProvider simulated, ObjectMapper json, Vertx vertx,
                                       int maxEventBytes, int maxAnswerBytes) {
        if (config == null || config.kind() == ProvidersConfig.Kind.SIMULATED) {
            if (!simulate) {
                throw new IllegalStateException("provider '" + name + "' has no router.providers." + name
                        + ".* configuration and is not simulated (other providers call real APIs, or "
                        + "router.simulator.enabled=false): configure it, remove its models from the catalog, or set "
                        + "router.simulator.enabled=true");
            }
            return simulated.as(name);
        }
        if (config.baseUrl().isEmpty()) {
            throw new IllegalStateException("router.providers." + name + ".base-url is required for kind openai");
        }
        String key = null;
        if (config.apiKeyEnv().isPresent()) {
            key = System.getenv(config.apiKeyEnv().get());
            if (key == null || key.isBlank()) {
                throw new IllegalStateException("provider '" + name + "': environment variable "
                        + config.apiKeyEnv().get() + " (router.providers." + name + ".api-key-env) is not set");
            }
        }
        return new OpenAiProvider(name, config, key, json, vertx, maxEventBytes, maxAnswerBytes);
    }

    private static Guard guard(String provider, DispatchConfig.CircuitBreaker cb, AtomicInteger circuit,
                               MeterRegistry meters) {
        return Guard.create()
                .withDescription("provider " + provider)
                .withCircuitBreaker()
                .name("provider-" + provider)
                .requestVolumeThreshold(cb.requestVolumeThreshold())
                .failureRatio(cb.failureRatio())
                .delay(cb.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(cb.successThreshold())
                // Only provider faults count; a client error or a 429 says nothing about the provider's health.
                .when(e -> e instanceof ProviderException p && p.outcome().tripsBreaker())
                .onStateChange(state -> {
                    circuit.set(state.ordinal());
                    meters.counter("router.dispatch.circuit.transitions", "provider", provider, "state",
                            state.name().toLowerCase(java.util.Locale.ROOT)).increment();
                    LOG.warnf("circuit breaker of provider %s is now %s", provider, state);
                })
                .done()
                .build();
    }
}
