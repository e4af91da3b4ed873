package io.policyrouter.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.catalog.ModelProfile;
import io.policyrouter.observe.DispatchEvent;
import io.policyrouter.policy.Constraint;
import io.policyrouter.policy.Decision;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Walks a decision's chain — the primary, then each fallback, all of them checked by the policy — until one step
 * answers, without holding a thread: every attempt is a non-blocking call, every wait a Vert.x timer, and all of one
 * request's walk runs on the Vert.x context it started on. What happens after a failure depends only on its
 * {@link Outcome}:
 * <ul>
 * <li>client errors (400/422) are returned as is: another model would fail the same way;</li>
 * <li>401/403/404 (the router's key or model mapping) fail over: another provider can answer;</li>
 * <li>a context-length error moves to the next step with a larger context window, if there is one;</li>
 * <li>429 waits for Retry-After (or the default back-off) and retries the same step, if the wait fits the
 * request's latency budget, then fails over;</li>
 * <li>5xx, timeouts, connection errors and malformed answers fail over;</li>
 * <li>a provider whose circuit breaker is open, or that is at its in-flight limit, is skipped without an attempt.</li>
 * </ul>
 * In a cascade, an answer that fails an {@link AnswerCheck} escalates to the next step. Every request ends in an
 * answer, a committed stream, a returned client error or an {@link DispatchResult.Exhausted} result — and is
 * recorded once, through the {@link DispatchListener}. Only provider faults reach a breaker: never a client error,
 * a 429, our own limits, a cancellation or a client that left.
 */
@ApplicationScoped
public class ChainRunner {

    private static final Logger LOG = Logger.getLogger(ChainRunner.class);
    private static final Set<Outcome> UPSTREAM_FAULTS =
            Set.of(Outcome.SERVER_ERROR, Outcome.CONNECTION_ERROR, Outcome.BAD_RESPONSE, Outcome.PROVIDER_REJECTED);
    private static final TypeLiteral<CompletionStage<Void>> STAGE = new TypeLiteral<>() {
    };
    /** Status recorded for a request whose client left before it ended (nginx's "client closed request"). */
    static final int CLIENT_GONE_STATUS = 499;

    private final ProviderRegistry providers;
    private final ModelCatalog catalog;
    private final DispatchConfig config;
    private final ObjectMapper json;
    private final Vertx vertx;

    public ChainRunner(ProviderRegistry providers, ModelCatalog catalog, DispatchConfig config, ObjectMapper json,
                       Vertx vertx) {
        this.providers = providers;
        this.catalog = catalog;
        this.config = config;
        this.json = json;
        this.vertx = vertx;
    }

    /**
     * Walks the chain. The Uni completes on the caller's context; cancelling it (the client left before anything
     * was sent) cancels the attempt in flight. {@code listener} hears once how the request ended — for a stream,
     * when the stream has ended.
     */
    public Uni<DispatchResult> run(ChatRequest request, Decision decision, DispatchListener listener) {
        return Uni.createFrom().emitter(emitter -> {
            Walk walk = new Walk(request, decision, listener, emitter);
            emitter.onTermination(walk::abandoned);
            walk.next();
        });
    }

    /** The state of one request's walk along its chain. */
    private final class Walk {
        private final ChatRequest request;
        private final Decision decision;
        private final DispatchListener listener;
        private final UniEmitter<? super DispatchResult> emitter;
        private final List<Decision.Target> chain;
        private final boolean cascade;
        /** The caller asked for the stream's usage chunk itself (stream_options.include_usage). */
        private final boolean callerAskedUsage;
        /** A stream whose caller did not ask for usage, and whose stream_options (if any) the router may extend. */
        private final boolean mayAskUsage;
        private final long start = System.nanoTime();
        private final long deadline;
        private final long budgetMs;
        private final List<Attempt> attempts = new ArrayList<>();
        private final List<DispatchEvent.Escalation> escalations = new ArrayList<>();
        private Duration retryAfter;
        private int minWindow;
        private int index;
        private int rateLimitRetries;
        /** A cascade answer that failed its check: better than no answer at all. */
        private Held checkedOut;
        private Try current;
        private long backoffTimer = -1;
        private boolean done;
        private final Context context = vertx.getOrCreateContext();

        Walk(ChatRequest request, Decision decision, DispatchListener listener,
             UniEmitter<? super DispatchResult> emitter) {
            this.request = request;
            this.decision = decision;
            this.listener = listener;
            this.emitter = emitter;
            List<Decision.Target> steps = new ArrayList<>();
            steps.add(decision.primary());
            steps.addAll(decision.fallbacks());
            this.chain = List.copyOf(steps);
            this.cascade = "cascade".equals(decision.strategy());
            JsonNode options = request.body().get("stream_options");
            this.callerAskedUsage = options != null && options.path("include_usage").asBoolean(false);
            this.mayAskUsage = request.stream() && !callerAskedUsage && (options == null || options.isObject());
            this.deadline = start + config.requestTimeout().toNanos();
            Integer callerBudget = request.route().context().latencyBudgetMs();
            int tierTimeout = decision.latencyTier() == null ? 0 : decision.latencyTier().timeoutMs();
            this.budgetMs = callerBudget != null ? callerBudget : tierTimeout > 0 ? tierTimeout
                    : config.requestTimeout().toMillis();
        }

        /** Runs on the walk's context: at once when already there, else queued to it. */
        void onContext(Runnable action) {
            if (Vertx.currentContext() == context) {
                action.run();
            } else {
                context.runOnContext(v -> action.run());
            }
        }

        /** Tries the step at {@link #index}, skipping those that cannot be called. */
        void next() {
            while (!done) {
                if (index >= chain.size()) {
                    exhaust();
                    return;
                }
                Decision.Target target = chain.get(index);
                ProviderRegistry.Entry entry = admissible(target);
                if (entry == null) {
                    skip(target, Outcome.BLOCKED, "not a compliant step of decision " + decision.decisionId());
                    continue;
                }
                if (minWindow > 0 && window(target) <= minWindow) {
                    skip(target, Outcome.WINDOW_TOO_SMALL, "context window " + window(target) + " <= " + minWindow);
                    continue;
                }
                long timeout = attemptTimeout(target);
                if (timeout <= 0) {
                    skip(target, Outcome.DEADLINE, "request deadline of " + config.requestTimeout() + " passed");
                    continue;
                }
                if (!entry.acquire()) {
                    skip(target, Outcome.SHED, entry.name() + " is at its limit of " + entry.maxInFlight()
                            + " calls in flight");
                    continue;
                }
                Try attempt = new Try(target, entry, timeout);
                current = attempt;
                attempt.enter();
                return;
            }
        }

        /** The emitter ended: normally (done), or cancelled because the client left before the answer. */
        void abandoned() {
            if (done) {
                return;
            }
            done = true;
            if (backoffTimer >= 0) {
                vertx.cancelTimer(backoffTimer);
            }
            if (current != null) {
                current.abandon();
            }
            discard(checkedOut);
            record("client_gone", CLIENT_GONE_STATUS, null, attempts, null);
        }

        // ------------------------------------------------------------------ one attempt

        /** One call on one step: its timer, its provider slot and the breaker's verdict on it. */
        private final class Try implements ChatProvider.Completion, ChatProvider.ChunkSink {
            final Decision.Target target;
            final ProviderRegistry.Entry entry;
            final long timeoutMs;
            final long t0 = System.nanoTime();
            final CompletableFuture<Void> verdict = new CompletableFuture<>();
            final boolean stream = request.stream();
            final boolean readAll;
            final List<ObjectNode> held = new ArrayList<>();
            ChatProvider.Call call;
            LiveStream live;
            /** The provider's id for this call, once its answer's head arrived. */
            String requestId;
            /** This call added stream_options.include_usage, which the caller did not ask for. */
            boolean askedUsage;
            long timer = -1;
            boolean settled;
            boolean slotHeld = true;

            Try(Decision.Target target, ProviderRegistry.Entry entry, long timeoutMs) {
                this.target = target;
                this.entry = entry;
                this.timeoutMs = timeoutMs;
                this.readAll = stream && cascade && index < chain.size() - 1;
            }

            /**
             * Through the provider's breaker: it starts the call, or — open — refuses without one. The breaker may
             * answer from another thread; everything continues on the walk's context.
             */
            void enter() {
                CompletionStage<Void> guarded;
                try {
                    guarded = entry.guard().get(() -> {
                        onContext(this::start);
                        return verdict;
                    }, STAGE);
                } catch (RuntimeException open) {
                    onContext(this::circuitOpen);
                    return;
                }
                guarded.whenComplete((ok, e) -> {
                    if (unwrap(e) instanceof CircuitBreakerOpenException) {
                        onContext(this::circuitOpen);
                    }
                });
            }

            private void circuitOpen() {
                if (settled || done || call != null) {
                    return;
                }
                settled = true;
                releaseSlot();
                current = null;
                skip(target, Outcome.CIRCUIT_OPEN, "circuit breaker of " + entry.name() + " is open");
                next();
            }

            void start() {
                if (settled || done) {
                    return; // the client left while the breaker was being asked
                }
                askedUsage = mayAskUsage && entry.asksStreamUsage();
                ProviderCall pc = providerCall(target, entry, askedUsage);
                timer = vertx.setTimer(timeoutMs, id -> {
                    timer = -1;
                    if (!settled) {
                        call.cancel();
                        failed(ProviderException.of(Outcome.TIMEOUT, target.model() + (stream
                                ? " sent no content within " : " gave no answer within ") + timeoutMs + " ms"));
                    }
                });
                call = stream ? entry.provider().stream(pc, this) : entry.provider().complete(pc, this);
            }

            /** The client left before this attempt settled: stop it, free its slot, tell the breaker nothing. */
            void abandon() {
                if (!settled) {
                    settle();
                    releaseSlot();
                    if (call != null) {
                        call.cancel();
                    }
                    verdict.complete(null);
                    attempts.add(attempt(target, Outcome.CLIENT_GONE, null, t0, "the client left").upstream(requestId)
                            .then("returned"));
                }
            }

            private void settle() {
                settled = true;
                if (timer >= 0) {
                    vertx.cancelTimer(timer);
                    timer = -1;
                }
            }

            private void releaseSlot() {
                if (slotHeld) {
                    slotHeld = false;
                    entry.release();
                }
            }

            @Override
            public void identified(String upstreamRequestId) {
                requestId = upstreamRequestId;
            }

            // ---- non-streaming

            @Override
            public void answered(ObjectNode body) {
                if (settled || done) {
                    return;
                }
                settle();
                releaseSlot();
                verdict.complete(null);
                body.put("model", target.model());
                String failedCheck = cascade && index < chain.size() - 1
                        ? AnswerCheck.failed(body, request.responseFormat(), json) : null;
                if (failedCheck != null) {
                    escalate(new Held(target, entry, body, null, null), failedCheck, t0);
                    return;
                }
                attempts.add(attempt(target, Outcome.OK, 200, t0, null).upstream(requestId).then("returned"));
                discard(checkedOut);
                answer(target, body);
            }

            // ---- streaming

            @Override
            public void chunk(ObjectNode chunk) {
                if (live != null) {
                    live.chunk(chunk);
                    return;
                }
                if (settled || done) {
                    return;
                }
                held.add(chunk);
                if (!readAll && carriesContent(chunk) || held.size() >= config.maxBufferedChunks()) {
                    opened(false);
                }
            }

            @Override
            public void ended() {
                if (live != null) {
                    live.upstreamEnded();
                    return;
                }
                if (settled || done) {
                    return;
                }
                if (readAll && !held.isEmpty()) {
                    opened(true);
                } else {
                    failed(ProviderException.of(Outcome.BAD_RESPONSE, target.model() + "'s stream ended after "
                            + held.size() + " chunks without content"));
                }
            }

            /** The stream has its first content (or, checked, its whole answer): escalate or commit. */
            private void opened(boolean complete) {
                settle();
                verdict.complete(null);
                String failedCheck = readAll && held.size() < config.maxBufferedChunks() ? checkStream() : null;
                if (failedCheck != null) {
                    releaseSlot();
                    escalate(new Held(target, entry, null, List.copyOf(held), this), failedCheck, t0);
                    return;
                }
                attempts.add(attempt(target, Outcome.OK, 200, t0, null).upstream(requestId).then("returned"));
                discard(checkedOut);
                commit(this, complete);
            }

            private String checkStream() {
                StringBuilder text = new StringBuilder();
                StringBuilder refusal = new StringBuilder();
                boolean tools = false;
                for (ObjectNode chunk : held) {
                    JsonNode delta = chunk.path("choices").path(0).path("delta");
                    text.append(delta.path("content").asText(""));
                    refusal.append(delta.path("refusal").asText(""));
                    tools |= delta.path("tool_calls").size() > 0;
                }
                return AnswerCheck.failed(text.toString(), tools, refusal.toString(), request.responseFormat(), json);
            }

            // ---- failures (both kinds)

            @Override
            public void failed(ProviderException e) {
                if (live != null) {
                    live.upstreamFailed(e);
                    return;
                }
                if (settled || done) {
                    return;
                }
                settle();
                releaseSlot();
                if (e.outcome().tripsBreaker()) {
                    verdict.completeExceptionally(e);
                } else {
                    verdict.complete(null);
                }
                Attempt failed = attempt(target, e.outcome(), e.status(), t0, e.getMessage()).upstream(requestId);
                if (askedUsage && e.outcome() == Outcome.CLIENT_ERROR && refusesUsageOption(e)) {
                    // Some servers refuse options they do not know (400/422). The option was the router's, not
                    // the caller's: the same step runs again without it, and this provider is not asked again.
                    entry.refusedStreamUsage();
                    attempts.add(failed.then("retried"));
                    current = null;
                    next();
                    return;
                }
                Outcome.Action action = e.outcome().action();
                if (e.outcome() == Outcome.PROVIDER_REJECTED) {
                    // The router's own key or model mapping is wrong: an operator must act.
                    LOG.errorf("provider %s answered %d for %s: check its API key, permissions and model name",
                            entry.name(), e.status(), target.model());
                }
                if (action == Outcome.Action.RETURN
                        || action == Outcome.Action.LARGER_WINDOW && !largerWindowAfter(index)) {
                    attempts.add(failed.then("returned"));
                    finish(new DispatchResult.UpstreamError(decision, target, e.status() == null ? 400 : e.status(),
                            e.body(), List.copyOf(attempts)), target, null);
                    return;
                }
                if (action == Outcome.Action.LARGER_WINDOW) {
                    minWindow = window(target);
                }
                if (action == Outcome.Action.BACK_OFF) {
                    Duration wait = e.retryAfter() != null ? e.retryAfter() : config.rateLimit().defaultBackoff();
                    if (e.retryAfter() != null && (retryAfter == null || e.retryAfter().compareTo(retryAfter) > 0)) {
                        retryAfter = e.retryAfter(); // the longest hint becomes the 503's Retry-After
                    }
                    if (rateLimitRetries < config.rateLimit().maxRetries() && fits(wait)) {
                        attempts.add(failed.then("retried"));
                        rateLimitRetries++;
                        current = null;
                        backoffTimer = vertx.setTimer(Math.max(1, wait.toMillis()), id -> {
                            backoffTimer = -1;
                            next();
                        });
                        return;
                    }
                }
                attempts.add(failed.then("failed_over"));
                advance();
            }
        }

        // ------------------------------------------------------------------ outcomes

        private void advance() {
            current = null;
            index++;
            rateLimitRetries = 0;
            next();
        }

        private void escalate(Held answer, String failedCheck, long t0) {
            attempts.add(attempt(answer.target(), Outcome.CHECK_FAILED, 200, t0, failedCheck).then("escalated"));
            escalations.add(new DispatchEvent.Escalation(answer.target().model(), failedCheck));
            discard(checkedOut);
            checkedOut = answer;
            advance();
        }

        private void answer(Decision.Target target, ObjectNode body) {
            finish(new DispatchResult.Answered(decision, target, body, List.copyOf(attempts)), target,
                    body.path("usage"));
        }

        /** Hands the stream to the client: from here on it belongs to this model. */
        private void commit(Try t, boolean complete) {
            List<Attempt> atCommit = List.copyOf(attempts);
            ChatProvider.Upstream upstream = (ChatProvider.Upstream) t.call;
            LiveStream live = new LiveStream(t.held, t.target.model(), t.timeoutMs, vertx, callerAskedUsage,
                    (outcome, detail, usage, chunks) -> {
                        t.releaseSlot();
                        if (outcome.tripsBreaker()) {
                            report(t.entry, outcome, detail);
                        }
                        List<Attempt> all = new ArrayList<>(atCommit);
                        if (outcome != Outcome.OK) {
                            Attempt last = all.remove(all.size() - 1);
                            all.add(new Attempt(last.step(), last.model(), last.provider(), outcome, last.status(),
                                    ms(start), "returned", detail, last.upstreamRequestId()));
                        }
                        record(outcome == Outcome.OK ? "ok" : outcome.wire(),
                                outcome == Outcome.CLIENT_GONE ? CLIENT_GONE_STATUS : 200, t.target, all,
                                usage == null ? json.missingNode() : usage);
                    });
            t.live = live;
            live.attach(upstream, complete);
            if (complete) {
                live.upstreamEnded();
            }
            done = true;
            emitter.complete(new DispatchResult.Streaming(decision, t.target, live, atCommit));
        }

        /** Every step has been tried: the last checked-out cascade answer, else exhausted. */
        private void exhaust() {
            Held best = checkedOut;
            if (best != null) {
                checkedOut = null;
                LOG.debugf("decision %s: chain exhausted after an escalation; returning %s's checked-out answer",
                        decision.decisionId(), best.target().model());
                if (best.body() != null) {
                    answer(best.target(), best.body());
                } else {
                    best.attempt().live = null;
                    best.attempt().held.clear();
                    best.attempt().held.addAll(best.chunks());
                    if (best.attempt().entry.acquire()) {
                        best.attempt().slotHeld = true;
                    }
                    commit(best.attempt(), true);
                }
                return;
            }
            finish(exhausted(), null, null);
        }

        /**
         * 502 when a provider failed (5xx, connection, malformed answer, refused the router's key); else 504 when an
         * attempt timed out or the deadline passed; else 503 (breakers open, providers overloaded, rate limiting, our
         * own limits).
         */
        DispatchResult.Exhausted exhausted() {
            Set<Outcome> seen = attempts.stream().map(Attempt::outcome).collect(Collectors.toSet());
            int status;
            String code;
            if (seen.stream().anyMatch(UPSTREAM_FAULTS::contains)) {
                status = 502;
                code = "upstream_error";
            } else if (seen.contains(Outcome.TIMEOUT) || seen.contains(Outcome.DEADLINE)) {
                status = 504;
                code = "upstream_timeout";
            } else {
                status = 503;
                code = "upstream_unavailable";
            }
            Duration wait = status != 503 ? null : retryAfter != null ? retryAfter
                    : seen.contains(Outcome.CIRCUIT_OPEN) ? config.circuitBreaker().delay()
                    : seen.contains(Outcome.SHED) ? config.overloadRetryAfter() : null;
            String path = attempts.stream().map(a -> a.model() + " " + a.outcome().wire()
                    + (a.status() == null ? "" : " (" + a.status() + ")")).collect(Collectors.joining(", "));
            return new DispatchResult.Exhausted(decision, status, code,
                    "no model of the routing chain could answer: " + path, wait, List.copyOf(attempts));
        }

        private void finish(DispatchResult result, Decision.Target served, JsonNode usage) {
            if (done) {
                return;
            }
            done = true;
            int status = 200;
            String outcome = "ok";
            if (result instanceof DispatchResult.UpstreamError u) {
                status = u.status();
                outcome = "client_error";
            } else if (result instanceof DispatchResult.Exhausted x) {
                status = x.status();
                outcome = x.code();
            }
            record(outcome, status, served, result.attempts(), usage);
            emitter.complete(result);
        }

        private void record(String outcome, int status, Decision.Target served, List<Attempt> all, JsonNode usage) {
            boolean reported = served != null && usage != null && usage.isObject();
            listener.ended(new DispatchEvent(decision.decisionId(), decision.policyVersion(),
                    decision.strategy(), request.stream(), status, outcome, served == null ? null : served.model(),
                    served == null ? null : served.provider(), all.stream().map(Attempt::event).toList(),
                    List.copyOf(escalations), reported ? cost(served, usage) : null,
                    reported ? usage.path("prompt_tokens").asInt() : null,
                    reported ? usage.path("completion_tokens").asInt() : null, System.nanoTime() - start,
                    request.trace() == null ? null : request.trace().traceId()));
        }

        // ------------------------------------------------------------------ helpers

        private ProviderRegistry.Entry admissible(Decision.Target target) {
            // Dispatch never leaves the chain the policy checked: the step must be a catalog model on the provider
            // the decision names, not one the policy removed, and it must pass every hard constraint of the decision
            // again, checked in plain Java (a guard against bugs, logged loudly).
            ModelProfile model = catalog.find(target.model()).orElse(null);
            boolean removed = decision.removed().stream().anyMatch(r -> r.model().equals(target.model()));
            String violation = model == null ? null : decision.constraints().stream()
                    .map(k -> Constraint.of(Constraint.Kind.valueOf(k.kind()), Set.copyOf(k.values()), k.limit(), null)
                            .violation(model))
                    .filter(Objects::nonNull).findFirst().orElse(null);
            if (model == null || !model.provider().equals(target.provider()) || removed || !chain.contains(target)
                    || violation != null) {
                LOG.errorf("decision %s: step %s (%s) is not admissible (%s); it is skipped", decision.decisionId(),
                        target.model(), target.provider(), violation == null ? "not in the checked chain" : violation);
                return null;
            }
            return providers.find(target.provider()).orElse(null);
        }

        private ProviderCall providerCall(Decision.Target target, ProviderRegistry.Entry entry, boolean askUsage) {
            ObjectNode body = request.body().deepCopy();
            String upstream = entry.upstreamModel(target.model());
            body.put("model", upstream);
            body.put("stream", request.stream());
            if (askUsage) {
                // the provider's own token counts price the stream; the chunk that carries them is not relayed
                JsonNode options = body.get("stream_options");
                (options == null ? body.putObject("stream_options") : (ObjectNode) options).put("include_usage", true);
            }
            return new ProviderCall(entry.name(), target.model(), upstream, body, request.faults(), request.trace());
        }

        /** A client error that names stream_options: the provider refuses the option the router added. */
        private static boolean refusesUsageOption(ProviderException e) {
            return e.body() != null && e.body().toString().contains("stream_options")
                    || e.getMessage() != null && e.getMessage().contains("stream_options");
        }

        private long attemptTimeout(Decision.Target target) {
            long tier = target.timeoutMs() > 0 ? target.timeoutMs() : config.maxAttemptTimeout().toMillis();
            return Math.min(Math.min(tier, config.maxAttemptTimeout().toMillis()), remainingMs(deadline));
        }

        /** A 429 back-off happens only if the wait still fits the caller's budget (or the tier's timeout). */
        private boolean fits(Duration wait) {
            return ms(start) + wait.toMillis() <= budgetMs && wait.toMillis() < remainingMs(deadline);
        }

        private boolean largerWindowAfter(int i) {
            int w = window(chain.get(i));
            return chain.subList(i + 1, chain.size()).stream().anyMatch(t -> window(t) > w);
        }

        private int window(Decision.Target t) {
            return catalog.find(t.model()).map(ModelProfile::contextWindow).orElse(0);
        }

        private void skip(Decision.Target target, Outcome outcome, String detail) {
            attempts.add(new Attempt(index, target.model(), target.provider(), outcome, null, 0, "skipped", detail,
                    null));
            index++;
            rateLimitRetries = 0;
        }

        private Attempt attempt(Decision.Target target, Outcome outcome, Integer status, long t0, String detail) {
            return new Attempt(index, target.model(), target.provider(), outcome, status, ms(t0), null, detail, null);
        }

        /** A checked-out answer that is no longer needed: a held stream's call is cancelled. */
        private void discard(Held answer) {
            if (answer != null && answer.attempt() != null) {
                answer.attempt().call.cancel();
            }
        }

        private Double cost(Decision.Target target, JsonNode usage) {
            if (!usage.isObject()) {
                return null;
            }
            return catalog.find(target.model()).map(m -> m.estimateCost(usage.path("prompt_tokens").asInt(0),
                    usage.path("completion_tokens").asInt(0))).orElse(null);
        }
    }

    /** A cascade answer held back after it failed its check: a completion, or a fully read stream. */
    private record Held(Decision.Target target, ProviderRegistry.Entry entry, ObjectNode body, List<ObjectNode> chunks,
                        Walk.Try attempt) {
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** Feeds a failure seen after the call returned (a cut stream) to the provider's circuit breaker. */
    private static void report(ProviderRegistry.Entry entry, Outcome outcome, String detail) {
        try {
            entry.guard().get(() -> CompletableFuture.<Void>failedFuture(ProviderException.of(outcome, detail)),
                    STAGE);
        } catch (RuntimeException expected) {
            // an open breaker refuses the report; nothing to count then
        }
    }

    /** A chunk the client would notice: text, a tool call, a refusal, or the end of a choice. */
    static boolean carriesContent(ObjectNode chunk) {
        for (JsonNode c : chunk.path("choices")) {
            JsonNode delta = c.path("delta");
            if (!delta.path("content").asText("").isEmpty() || delta.path("tool_calls").size() > 0
                    || !delta.path("refusal").asText("").isEmpty() || c.hasNonNull("finish_reason")) {
                return true;
            }
        }
        return chunk.path("usage").isObject();
    }

    private static long remainingMs(long untilNanos) {
        return Math.max(0, (untilNanos - System.nanoTime()) / 1_000_000L);
    }

    private static long ms(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1_000_000L;
    }
}
