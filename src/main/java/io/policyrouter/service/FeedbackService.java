package io.policyrouter.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.policyrouter.learn.LearnConfig;
import io.policyrouter.learn.Outcome;
import io.policyrouter.observe.DispatchEvent;
import io.policyrouter.store.DecisionStore;
import io.policyrouter.store.StoreBackend;
import io.policyrouter.store.StoreRecord;
import io.policyrouter.store.StoreWriter;
import io.policyrouter.vocabulary.Message;
import io.policyrouter.vocabulary.RouteRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Feedback on decisions: what callers report (POST /v1/feedback), kept once per (decision, source) with the decision
 * in the store, and the signals dispatch records itself — a cascade step that failed its check and escalated, and a
 * client sending the same conversation again (a retry of the answer it got).
 */
@ApplicationScoped
public class FeedbackService {

    /** Sources of the router's own signals; callers' sources are theirs. */
    static final String CASCADE = "router:cascade";
    static final String RETRY = "router:retry";

    public record Input(String decisionId, Outcome outcome, Double score, String source, String detail) {
    }

    /** The feedback as kept; {@code created} is false when this (decision, source) already had feedback. */
    public record Result(StoreRecord.Feedback feedback, boolean created) {
    }

    private final StoreBackend backend;
    private final StoreWriter writer;
    private final MeterRegistry meters;
    private final Cache<String, String> conversations;

    public FeedbackService(StoreBackend backend, StoreWriter writer, MeterRegistry meters, LearnConfig config) {
        this.backend = backend;
        this.writer = writer;
        this.meters = meters;
        this.conversations = Caffeine.newBuilder().expireAfterWrite(config.retryWindow()).maximumSize(200_000).build();
    }

    /** Stores a caller's feedback (blocking: a store round trip). Idempotent per (decision, source). */
    public Result record(Input in) {
        return StoreAccess.query(backend, "feedback", store -> {
            if (writer.pending(in.decisionId()).isEmpty()
                    && store.rows("SELECT 1 FROM decisions WHERE decision_id = ?", in.decisionId()).isEmpty()) {
                throw new UnknownDecisionException(in.decisionId());
            }
            StoreRecord.Feedback f = new StoreRecord.Feedback(in.decisionId(), in.source(), System.currentTimeMillis(),
                    in.outcome().wire(), in.score(), in.detail());
            if (store.addFeedback(f)) {
                meters.counter("router.feedback", "outcome", f.outcome(), "source", "caller").increment();
                return new Result(f, true);
            }
            return new Result(kept(store, in.decisionId(), in.source()), false);
        });
    }

    /** The router's own signals from a dispatched request: each escalation of a cascade. */
    void dispatched(DispatchEvent event) {
        if (event.escalations().isEmpty()) {
            return;
        }
        DispatchEvent.Escalation first = event.escalations().get(0);
        signal(event.decisionId(), CASCADE, Outcome.ESCALATED, "the answer of " + first.model() + " failed the "
                + first.check() + " check; escalated " + event.escalations().size() + " time(s), answered by "
                + event.model());
    }

    /**
     * A chat request arrives: when the same conversation (its id, the tenant and every message) was answered within
     * the retry window, that answer was retried — a negative signal on the decision that produced it. Only requests
     * that name their conversation (x-route-conversation-id): two users sending the same prompt are not a retry.
     */
    void arrived(RouteRequest request, String decisionId) {
        String conversation = request.context().conversationId();
        if (conversation == null || conversation.isBlank() || backend.store().isEmpty()) {
            return;
        }
        String key = fingerprint(request);
        String previous = conversations.asMap().put(key, decisionId);
        if (previous != null && !previous.equals(decisionId)) {
            signal(previous, RETRY, Outcome.RETRIED, "the same conversation was sent again as decision " + decisionId);
        }
    }

    private void signal(String decisionId, String source, Outcome outcome, String detail) {
        if (backend.store().isEmpty()) {
            return;
        }
        meters.counter("router.feedback", "outcome", outcome.wire(), "source", "router").increment();
        writer.offer(new StoreRecord.Feedback(decisionId, source, System.currentTimeMillis(), outcome.wire(), null,
                detail.length() > 500 ? detail.substring(0, 500) : detail));
    }

    private static StoreRecord.Feedback kept(DecisionStore store, String decisionId, String source) {
        List<DecisionStore.Row> rows = store.rows("SELECT at_ms, outcome, score, detail FROM feedback "
                + "WHERE decision_id = ? AND source = ?", decisionId, source);
        DecisionStore.Row r = rows.get(0);
        return new StoreRecord.Feedback(decisionId, source, r.asLong(0), r.asString(1),
                r.values()[2] == null ? null : r.asDouble(2), r.asString(3));
    }

    /** A digest of the tenant, the conversation id and every message, never the text itself. */
    static String fingerprint(RouteRequest request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String tenant = request.context().tenant();
            sha.update((tenant == null ? "" : tenant).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(String.valueOf(request.context().conversationId()).getBytes(StandardCharsets.UTF_8));
            for (Message m : request.messages()) {
                sha.update((byte) 0);
                sha.update(String.valueOf(m.role()).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 1);
                sha.update(String.valueOf(m.content()).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
