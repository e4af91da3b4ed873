package io.policyrouter.dispatch;

import io.policyrouter.policy.Decision;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.catalog.ModelProfile;
import io.policyrouter.observe.DispatchEvent;
import io.policyrouter.policy.Constraint;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Walks a decision's chain — the primary, then each fallback, all of them checked by the policy — until one step
 * answers. What happens after a failure depends only on its {@link Outcome}:
 * <ul>
 * <li>client errors (400/401/403/404/422) are returned as is: another model would fail the same way;</li>
 * <li>a context-length error moves to the next step with a larger context window, if there is one;</li>
 * <li>429 waits for Retry-After (or the default back-off) and retries the same step, if the wait fits the
 * request's latency budget, then fails over;</li>
 * <li>5xx, timeouts, connection errors and malformed answers fail over;</li>
 * <li>a provider whose circuit breaker is open is skipped without an attempt.</li>
 * </ul>
 * In a cascade, an answer that fails an {@link AnswerCheck} escalates to the next step. Every request ends in an
 * answer, a returned client error or an {@link DispatchResult.Exhausted} result — and is recorded once.
 */
@ApplicationScoped
public class ChainRunner {

    private static final Logger LOG = Logger.getLogger(ChainRunner.class);
    private static final Set<Outcome> UPSTREAM_FAULTS =
            Set.of(Outcome.SERVER_ERROR, Outcome.CONNECTION_ERROR, Outcome.BAD_RESPONSE);

    private final ProviderRegistry providers;
    private final ModelCatalog catalog;
    private final DispatchConfig config;
    private final ObjectMapper json;

    public ChainRunner(ProviderRegistry providers, ModelCatalog catalog, DispatchConfig config, ObjectMapper json) {
        this.providers = providers;
        this.catalog = catalog;
        this.config = config;
        this.json = json;
    }

    /** Walks the chain; {@code listener} hears once how the request ended (for a stream: when it has ended). */
    public DispatchResult run(ChatRequest request, Decision decision, DispatchListener listener) {
        Run run = new Run(request, decision, listener);
        return request.stream() ? run.walk(run::openStream, run::checkStream, run::streaming)
                : run.walk(run::complete, run::checkCompletion, run::answered);
    }

    /** One attempt on one step; throws ProviderException. */
    private interface Step<T> {
        T attempt(ProviderRegistry.Entry entry, ProviderCall call, Decision.Target target, long timeoutMs);
    }

    /** The cascade check of an answer: the failed check's name, or null. */
    private interface Check<T> {
        String failed(T answer);
    }

    private interface Success<T> {
        DispatchResult done(T answer, Decision.Target target, ProviderRegistry.Entry entry);
    }

    /** A stream held at its first content chunk (or, when checked, at its end). */
    private record Opened(ChunkStream stream, List<ObjectNode> held, long idleTimeoutMs) {
    }

    /** The state of one request's walk along its chain. */
    private final class Run {
        private final ChatRequest request;
        private final Decision decision;
        private final DispatchListener listener;
        private final List<Decision.Target> chain;
        private final boolean cascade;
        private final long start = System.nanoTime();
        private final long deadline;
        private final long budgetMs;
        private final List<Attempt> attempts = new ArrayList<>();
        private final List<DispatchEvent.Escalation> escalations = new ArrayList<>();
        private Duration retryAfter;
        private int minWindow;

        Run(ChatRequest request, Decision decision, DispatchListener listener) {
            this.request = request;
            this.decision = decision;
            this.listener = listener;
            List<Decision.Target> steps = new ArrayList<>();
            steps.add(decision.primary());
            steps.addAll(decision.fallbacks());
            this.chain = List.copyOf(steps);
            this.cascade = "cascade".equals(decision.strategy());
            this.deadline = start + config.requestTimeout().toNanos();
            Integer callerBudget = request.route().context().latencyBudgetMs();
            int tierTimeout = decision.latencyTier() == null ? 0 : decision.latencyTier().timeoutMs();
            this.budgetMs = callerBudget != null ? callerBudget : tierTimeout > 0 ? tierTimeout
                    : config.requestTimeout().toMillis();
        }

        <T> DispatchResult walk(Step<T> step, Check<T> check, Success<T> success) {
            T checkedOut = null; // a cascade answer that failed its check: better than no answer at all
            Decision.Target checkedOutBy = null;
            ProviderRegistry.Entry checkedOutEntry = null;
            for (int i = 0; i < chain.size(); i++) {
                Decision.Target target = chain.get(i);
                ProviderRegistry.Entry entry = admissible(target);
                if (entry == null) {
                    skip(i, target, Outcome.BLOCKED, "not a compliant step of decision " + decision.decisionId());
                    continue;
                }
                if (minWindow > 0 && window(target) <= minWindow) {
                    skip(i, target, Outcome.WINDOW_TOO_SMALL, "context window " + window(target) + " <= " + minWindow);
                    continue;
                }
                int rateLimitRetries = 0;
                while (true) {
                    long timeout = attemptTimeout(target);
                    if (timeout <= 0) {
                        skip(i, target, Outcome.DEADLINE, "request deadline of " + config.requestTimeout() + " passed");
                        break;
                    }
                    ProviderCall call = call(target, entry);
                    long t0 = System.nanoTime();
                    T answer;
                    try {
                        @SuppressWarnings("unchecked")
                        T a = (T) entry.guard().call(() -> step.attempt(entry, call, target, timeout), Object.class);
                        answer = a;
                    } catch (CircuitBreakerOpenException open) {
                        skip(i, target, Outcome.CIRCUIT_OPEN, "circuit breaker of " + entry.name() + " is open");
                        break;
                    } catch (ProviderException e) {
                        Attempt failed = attempt(i, target, e.outcome(), e.status(), t0, e.getMessage());
                        Outcome.Action action = e.outcome().action();
                        if (e.status() != null && (e.status() == 401 || e.status() == 403)) {
                            // The provider refuses the router's own credentials: an operator must act.
                            LOG.errorf("provider %s answered %d for %s: check its API key and permissions",
                                    entry.name(), e.status(), target.model());
                        }
                        if (action == Outcome.Action.RETURN
                                || action == Outcome.Action.LARGER_WINDOW && !largerWindowAfter(i)) {
                            attempts.add(failed.then("returned"));
                            return finish(new DispatchResult.UpstreamError(decision, target,
                                    e.status() == null ? 400 : e.status(), e.body(), List.copyOf(attempts)),
                                    target, null);
                        }
                        if (action == Outcome.Action.LARGER_WINDOW) {
                            minWindow = window(target);
                        }
                        if (action == Outcome.Action.BACK_OFF) {
                            Duration wait = e.retryAfter() != null ? e.retryAfter()
                                    : config.rateLimit().defaultBackoff();
                            if (e.retryAfter() != null
                                    && (retryAfter == null || e.retryAfter().compareTo(retryAfter) > 0)) {
                                retryAfter = e.retryAfter(); // the longest hint becomes the 503's Retry-After
                            }
                            if (rateLimitRetries < config.rateLimit().maxRetries() && fits(wait)) {
                                attempts.add(failed.then("retried"));
                                rateLimitRetries++;
                                if (sleep(wait)) {
                                    continue;
                                }
                                break;
                            }
                        }
                        attempts.add(failed.then("failed_over"));
                        break;
                    } catch (Exception e) {
                        // An adapter bug must not lose the request: count it as a provider fault and move on.
                        LOG.errorf(e, "provider %s failed unexpectedly on %s", entry.name(), target.model());
                        attempts.add(attempt(i, target, Outcome.CONNECTION_ERROR, null, t0, e.toString())
                                .then("failed_over"));
                        break;
                    }
                    String failedCheck = cascade && i < chain.size() - 1 ? check.failed(answer) : null;
                    if (failedCheck != null) {
                        attempts.add(attempt(i, target, Outcome.CHECK_FAILED, 200, t0, failedCheck).then("escalated"));
                        escalations.add(new DispatchEvent.Escalation(target.model(), failedCheck));
                        discard(checkedOut);
                        checkedOut = answer;
                        checkedOutBy = target;
                        checkedOutEntry = entry;
                        break;
                    }
                    attempts.add(attempt(i, target, Outcome.OK, 200, t0, null).then("returned"));
                    discard(checkedOut);
                    return success.done(answer, target, entry);
                }
            }
            if (checkedOut != null) {
                LOG.debugf("decision %s: chain exhausted after an escalation; returning %s's checked-out answer",
                        decision.decisionId(), checkedOutBy.model());
                return success.done(checkedOut, checkedOutBy, checkedOutEntry);
            }
            return finish(exhausted(), null, null);
        }

        // ------------------------------------------------------------------ non-streaming

        ObjectNode complete(ProviderRegistry.Entry entry, ProviderCall call, Decision.Target target, long timeoutMs) {
            ObjectNode body = entry.provider().complete(call)
                    .ifNoItem().after(Duration.ofMillis(timeoutMs))
                    .failWith(() -> ProviderException.of(Outcome.TIMEOUT, target.model() + " gave no answer within "
                            + timeoutMs + " ms"))
                    .await().indefinitely();
            body.put("model", target.model());
            return body;
        }

        String checkCompletion(ObjectNode answer) {
            return AnswerCheck.failed(answer, request.responseFormat(), json);
        }

        DispatchResult answered(ObjectNode body, Decision.Target target, ProviderRegistry.Entry entry) {
            return finish(new DispatchResult.Answered(decision, target, body, List.copyOf(attempts)), target,
                    cost(target, body.path("usage")));
        }

        // ------------------------------------------------------------------ streaming

        /**
         * Opens the stream and holds it at the first chunk carrying content, so a failure before that still fails
         * over: the client has received nothing. A cascade step that will be checked is read to its end.
         */
        Opened openStream(ProviderRegistry.Entry entry, ProviderCall call, Decision.Target target, long timeoutMs) {
            long until = System.nanoTime() + timeoutMs * 1_000_000L;
            boolean readAll = cascade && target != chain.get(chain.size() - 1);
            ChunkStream stream = ChunkStream.open(entry.provider().stream(call), target.model());
            List<ObjectNode> held = new ArrayList<>();
            try {
                ObjectNode chunk;
                while ((chunk = stream.next(remainingMs(until))) != null) {
                    held.add(chunk);
                    if (!readAll && carriesContent(chunk) || held.size() >= config.maxBufferedChunks()) {
                        break;
                    }
                }
            } catch (RuntimeException e) {
                stream.close();
                throw e;
            }
            return new Opened(stream, held, timeoutMs);
        }

        String checkStream(Opened opened) {
            if (opened.held().size() >= config.maxBufferedChunks()) {
                return null; // too long to hold back: passed unchecked rather than judged on a fragment
            }
            StringBuilder text = new StringBuilder();
            StringBuilder refusal = new StringBuilder();
            boolean tools = false;
            for (ObjectNode chunk : opened.held()) {
                JsonNode delta = chunk.path("choices").path(0).path("delta");
                text.append(delta.path("content").asText(""));
                refusal.append(delta.path("refusal").asText(""));
                tools |= delta.path("tool_calls").size() > 0;
            }
            return AnswerCheck.failed(text.toString(), tools, refusal.toString(), request.responseFormat(), json);
        }

        DispatchResult streaming(Opened opened, Decision.Target target, ProviderRegistry.Entry entry) {
            List<Attempt> atCommit = List.copyOf(attempts);
            LiveStream live = new LiveStream(opened.held(), opened.stream(), target.model(), opened.idleTimeoutMs(),
                    (outcome, detail, usage, chunks) -> {
                        if (outcome.tripsBreaker()) {
                            report(entry, outcome, detail);
                        }
                        List<Attempt> all = new ArrayList<>(atCommit);
                        if (outcome != Outcome.OK) {
                            Attempt last = all.remove(all.size() - 1);
                            all.add(new Attempt(last.step(), last.model(), last.provider(), outcome, last.status(),
                                    ms(start), "returned", detail));
                        }
                        record(outcome == Outcome.OK ? "ok" : outcome.wire(), 200, target, all,
                                cost(target, usage == null ? json.missingNode() : usage));
                    });
            return new DispatchResult.Streaming(decision, target, live, atCommit);
        }

        /** Feeds a failure seen after the call returned (a cut stream) to the provider's circuit breaker. */
        private void report(ProviderRegistry.Entry entry, Outcome outcome, String detail) {
            try {
                entry.guard().call(() -> {
                    throw ProviderException.of(outcome, detail);
                }, Object.class);
            } catch (Exception expected) {
                // the failure is what we wanted the breaker to see
            }
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
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            if (model == null || !model.provider().equals(target.provider()) || removed || !chain.contains(target)
                    || violation != null) {
                LOG.errorf("decision %s: step %s (%s) is not admissible (%s); it is skipped", decision.decisionId(),
                        target.model(), target.provider(), violation == null ? "not in the checked chain" : violation);
                return null;
            }
            return providers.find(target.provider()).orElse(null);
        }

        private ProviderCall call(Decision.Target target, ProviderRegistry.Entry entry) {
            ObjectNode body = request.body().deepCopy();
            String upstream = entry.upstreamModel(target.model());
            body.put("model", upstream);
            body.put("stream", request.stream());
            return new ProviderCall(entry.name(), target.model(), upstream, body, request.faults());
        }

        private long attemptTimeout(Decision.Target target) {
            long tier = target.timeoutMs() > 0 ? target.timeoutMs() : config.maxAttemptTimeout().toMillis();
            return Math.min(Math.min(tier, config.maxAttemptTimeout().toMillis()), remainingMs(deadline));
        }

        /** A 429 back-off happens only if the wait still fits the caller's budget (or the tier's timeout). */
        private boolean fits(Duration wait) {
            return ms(start) + wait.toMillis() <= budgetMs && wait.toMillis() < remainingMs(deadline);
        }

        private boolean sleep(Duration wait) {
            try {
                Thread.sleep(wait.toMillis());
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private boolean largerWindowAfter(int i) {
            int w = window(chain.get(i));
            return chain.subList(i + 1, chain.size()).stream().anyMatch(t -> window(t) > w);
        }

        private int window(Decision.Target t) {
            return catalog.find(t.model()).map(ModelProfile::contextWindow).orElse(0);
        }

        private void skip(int step, Decision.Target target, Outcome outcome, String detail) {
            attempts.add(new Attempt(step, target.model(), target.provider(), outcome, null, 0, "skipped", detail));
        }

        private Attempt attempt(int step, Decision.Target target, Outcome outcome, Integer status, long t0,
                                String detail) {
            return new Attempt(step, target.model(), target.provider(), outcome, status, ms(t0), null, detail);
        }

        private void discard(Object answer) {
            if (answer instanceof Opened o) {
                o.stream().close();
            }
        }

        /**
         * 502 when a provider failed (5xx, connection, malformed answer); else 504 when an attempt timed out or the
         * deadline passed; else 503 (breakers open, providers overloaded or rate limiting).
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
                    : seen.contains(Outcome.CIRCUIT_OPEN) ? config.circuitBreaker().delay() : null;
            String path = attempts.stream().map(a -> a.model() + " " + a.outcome().wire()
                    + (a.status() == null ? "" : " (" + a.status() + ")")).collect(Collectors.joining(", "));
            return new DispatchResult.Exhausted(decision, status, code,
                    "no model of the routing chain could answer: " + path, wait, List.copyOf(attempts));
        }

        private DispatchResult finish(DispatchResult result, Decision.Target served, Double cost) {
            int status = 200;
            String outcome = "ok";
            if (result instanceof DispatchResult.UpstreamError u) {
                status = u.status();
                outcome = "client_error";
            } else if (result instanceof DispatchResult.Exhausted x) {
                status = x.status();
                outcome = x.code();
            }
            record(outcome, status, served, result.attempts(), cost);
            return result;
        }

        private void record(String outcome, int status, Decision.Target served, List<Attempt> all, Double cost) {
            listener.ended(new DispatchEvent(decision.decisionId(), decision.policyVersion(),
                    decision.strategy(), request.stream(), status, outcome, served == null ? null : served.model(),
                    served == null ? null : served.provider(), all.stream().map(Attempt::event).toList(),
                    List.copyOf(escalations), cost, System.nanoTime() - start));
        }

        private Double cost(Decision.Target target, JsonNode usage) {
            if (!usage.isObject()) {
                return null;
            }
            return catalog.find(target.model()).map(m -> m.estimateCost(usage.path("prompt_tokens").asInt(0),
                    usage.path("completion_tokens").asInt(0))).orElse(null);
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
