package io.policyrouter.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.policyrouter.learn.SpendLedger;
import io.policyrouter.annotate.Annotator;
import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.dispatch.ChainRunner;
import io.policyrouter.dispatch.ChatRequest;
import io.policyrouter.dispatch.DispatchResult;
import io.policyrouter.observe.DecisionRecorder;
import io.policyrouter.policy.Decision;
import io.policyrouter.policy.PolicyService;
import io.policyrouter.policy.RoutingRefusedException;
import io.policyrouter.vocabulary.Annotations;
import io.policyrouter.vocabulary.RouteRequest;
import io.policyrouter.observe.DispatchEvent;
import io.policyrouter.store.DecisionStore;
import io.policyrouter.store.StoreBackend;
import io.policyrouter.store.StoreRecord;
import io.policyrouter.store.StoreWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * One request's flow, written once for every endpoint: annotate → decide → (dispatch) → record. Resources are one
 * line over it; the stages it calls know nothing of each other or of recording.
 */
@ApplicationScoped
public class RoutingService {

    /** About 1 ms of annotation: above it the work leaves the event loop. */
    static final int LARGE_TEXT_CHARS = 24_000;

    private final Annotator annotator;
    private final PolicyService policy;
    private final ChainRunner dispatch;
    private final ModelCatalog catalog;
    private final DecisionRecorder recorder;
    private final RecordMapper records;
    private final Vertx vertx;
    private final StoreWriter store;
    private final StoreBackend backend;
    private final ShadowRunner shadow;
    private final SpendLedger budgets;
    private final FeedbackService feedback;
    private final MeterRegistry meters;
    private final ClientAccess clients;

    public RoutingService(Annotator annotator, PolicyService policy, ChainRunner dispatch, ModelCatalog catalog,
                          DecisionRecorder recorder, RecordMapper records, Vertx vertx, StoreWriter store,
                          StoreBackend backend, ShadowRunner shadow, SpendLedger budgets, FeedbackService feedback,
                          MeterRegistry meters, ClientAccess clients) {
        this.clients = clients;
        this.annotator = annotator;
        this.policy = policy;
        this.dispatch = dispatch;
        this.catalog = catalog;
        this.recorder = recorder;
        this.records = records;
        this.vertx = vertx;
        this.store = store;
        this.backend = backend;
        this.shadow = shadow;
        this.budgets = budgets;
        this.feedback = feedback;
        this.meters = meters;
    }

    /** POST /v1/annotate: the facts only. */
    public Annotations annotate(RouteRequest request) {
        return annotator.annotate(requireKnownPin(request));
    }

    /** The three calls of the routing API for a caller whose client key fixes what it may name (ClientAccess). */
    public Uni<Annotations> annotateAsync(RouteRequest request, String authorization) {
        return Uni.createFrom().deferred(() -> annotateAsync(clients.bind(request, authorization)));
    }

    public Uni<Decision> routeAsync(RouteRequest request, String authorization) {
        return Uni.createFrom().deferred(() -> routeAsync(clients.bind(request, authorization)));
    }

    public Uni<DispatchResult> complete(ChatRequest request, String authorization) {
        return Uni.createFrom().deferred(() -> complete(clients.bind(request, authorization)));
    }

    /** POST /v1/annotate without blocking an event loop (large texts are read on a worker thread). */
    public Uni<Annotations> annotateAsync(RouteRequest request) {
        return large(request) ? offload(() -> annotate(request)) : Uni.createFrom().item(() -> annotate(request));
    }

    /** POST /v1/route: the facts and the decision, recorded; a refusal is thrown (422) after it is recorded. */
    public Decision route(RouteRequest request) {
        budgets.check(request.context().tenant());
        long start = System.nanoTime();
        Annotations facts = annotator.annotate(requireKnownPin(request));
        return recorded(request, policy.decide(request.context(), facts), start);
    }

    /**
     * The same without holding a thread: annotation and a cached decision run inline (tens of microseconds); a
     * decision the rule engine must make, or a very large text, moves to a worker thread.
     */
    public Uni<Decision> routeAsync(RouteRequest request) {
        if (large(request)) {
            return offload(() -> route(request));
        }
        return Uni.createFrom().deferred(() -> {
            budgets.check(request.context().tenant());
            long start = System.nanoTime();
            Annotations facts = annotator.annotate(requireKnownPin(request));
            Decision cached = policy.decideIfCached(request.context(), facts);
            if (cached != null) {
                return Uni.createFrom().item(recorded(request, cached, start));
            }
            return offload(() -> recorded(request, policy.decide(request.context(), facts), start));
        });
    }

    /** POST /v1/chat/completions: route, then walk the decision's chain without holding a thread. */
    public Uni<DispatchResult> complete(ChatRequest request) {
        return routeAsync(request.route()).onItem().transformToUni(decision -> {
            feedback.arrived(request.route(), decision.decisionId());
            return dispatch.run(request, decision, event -> dispatched(request.route(), decision, event));
        });
    }

    private void dispatched(RouteRequest request, Decision decision, DispatchEvent event) {
        recorder.dispatched(event);
        if (backend.store().isPresent()) { // the record (JSON of every attempt) is built only when it is kept
            store.offer(records.stored(event));
        }
        feedback.dispatched(event);
        if (event.costUsd() != null) {
            meters.counter("router.cost.actual_usd", "model", String.valueOf(event.model()), "task_type",
                    decision.facts().getTaskType()).increment(event.costUsd());
        }
        budgets.spent(request.context().tenant(), event.costUsd() != null ? event.costUsd()
                : event.model() == null ? 0 : decision.estimatedCostUsd());
    }

    /** GET /v1/decisions/{id}: everything kept about a decision, whichever replica made it. */
    public Optional<DecisionStore.Lookup> lookup(String decisionId) {
        Optional<StoreRecord.Decision> pending = store.pending(decisionId);
        if (pending.isPresent()) {
            return Optional.of(new DecisionStore.Lookup(pending.get(), null, null, List.of()));
        }
        return StoreAccess.query(backend, "decision lookup", s -> s.find(decisionId));
    }

    private Decision recorded(RouteRequest request, Decision decision, long start) {
        recorder.decided(records.decision(request, decision, System.nanoTime() - start));
        if (decision.primary() != null) {
            meters.counter("router.cost.estimated_usd", "model", decision.primary().model(), "task_type",
                    decision.facts().getTaskType()).increment(decision.estimatedCostUsd());
        }
        if (backend.store().isPresent()) { // the explanation's JSON is built only when it is kept
            store.offer(records.stored(decision));
        }
        shadow.offer(request, decision);
        if (decision.refused()) {
            throw new RoutingRefusedException(decision);
        }
        return decision;
    }

    /** Work for a worker thread; the result comes back on the caller's Vert.x context. */
    private <T> Uni<T> offload(java.util.concurrent.Callable<T> work) {
        return Uni.createFrom().completionStage(() -> vertx.executeBlocking(work, false).toCompletionStage());
    }

    /** Texts whose annotation takes more than about a millisecond are read off the event loop. */
    private static boolean large(RouteRequest request) {
        long chars = 0;
        for (var m : request.messages()) {
            chars += m.content() == null ? 0 : m.content().length();
        }
        return chars > LARGE_TEXT_CHARS;
    }

    /** The caller's pin (a /v1/route "pin", a chat "model") must name a catalog model; checked here only. */
    private RouteRequest requireKnownPin(RouteRequest request) {
        String pin = request.context().pin();
        if (pin != null && catalog.find(pin).isEmpty()) {
            throw new UnknownModelException(pin);
        }
        return request;
    }
}
