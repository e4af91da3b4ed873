package io.policyrouter.service;

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
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One request's flow, written once for every endpoint: annotate → decide → (dispatch) → record. Resources are one
 * line over it; the stages it calls know nothing of each other or of recording.
 */
@ApplicationScoped
public class RoutingService {

    private final Annotator annotator;
    private final PolicyService policy;
    private final ChainRunner dispatch;
    private final ModelCatalog catalog;
    private final DecisionRecorder recorder;
    private final RecordMapper records;
    private final Vertx vertx;

    public RoutingService(Annotator annotator, PolicyService policy, ChainRunner dispatch, ModelCatalog catalog,
                          DecisionRecorder recorder, RecordMapper records, Vertx vertx) {
        this.annotator = annotator;
        this.policy = policy;
        this.dispatch = dispatch;
        this.catalog = catalog;
        this.recorder = recorder;
        this.records = records;
        this.vertx = vertx;
    }

    /** POST /v1/annotate: the facts only. */
    public Annotations annotate(RouteRequest request) {
        return annotator.annotate(requireKnownPin(request));
    }

    /** POST /v1/route: the facts and the decision, recorded; a refusal is thrown (422) after it is recorded. */
    public Decision route(RouteRequest request) {
        long start = System.nanoTime();
        Annotations facts = annotator.annotate(requireKnownPin(request));
        Decision decision = policy.decide(request.context(), facts);
        recorder.decided(records.decision(request, decision, System.nanoTime() - start));
        if (decision.refused()) {
            throw new RoutingRefusedException(decision);
        }
        return decision;
    }

    /**
     * POST /v1/chat/completions: route, then walk the decision's chain without holding a thread; the outcome is
     * recorded when it ends. Annotating and deciding run on a worker thread (the rule engine may take a while on a
     * cold policy); the walk runs on the caller's event loop.
     */
    public Uni<DispatchResult> complete(ChatRequest request) {
        return Uni.createFrom().completionStage(() -> vertx.executeBlocking(() -> route(request.route()), false)
                        .toCompletionStage())
                .onItem().transformToUni(decision -> dispatch.run(request, decision, recorder::dispatched));
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
