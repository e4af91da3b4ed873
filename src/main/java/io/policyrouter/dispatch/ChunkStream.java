package io.policyrouter.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A provider's chunk stream read one chunk at a time on the request's worker thread, with a deadline per read, and
 * cancellable (client gone, failover). A stream that completes before any finish_reason was cut: it is reported as
 * a failure, not as a short answer.
 */
final class ChunkStream implements Flow.Subscriber<ObjectNode>, AutoCloseable {

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String model;
    private volatile Flow.Subscription subscription;
    private boolean finished;
    private int received;

    private ChunkStream(String model) {
        this.model = model;
    }

    static ChunkStream open(Flow.Publisher<ObjectNode> chunks, String model) {
        ChunkStream s = new ChunkStream(model);
        chunks.subscribe(s);
        return s;
    }

    /** The next chunk, null at the regular end; a ProviderException on failure or when timeoutMs passes first. */
    ObjectNode next(long timeoutMs) {
        Object o;
        try {
            o = queue.poll(Math.max(timeoutMs, 0), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw ProviderException.of(Outcome.CONNECTION_ERROR, "interrupted while reading " + model);
        }
        if (o == null) {
            close();
            throw ProviderException.of(Outcome.TIMEOUT, model + " sent no chunk within " + timeoutMs + " ms");
        }
        if (o == END) {
            queue.offer(END); // stay at the end for repeated reads
            if (!finished) {
                throw ProviderException.of(Outcome.BAD_RESPONSE, model + "'s stream ended after " + received
                        + " chunks without a finish_reason");
            }
            return null;
        }
        if (o instanceof ProviderException e) {
            queue.offer(o);
            throw e;
        }
        if (o instanceof Throwable t) {
            ProviderException e = ProviderException.of(Outcome.CONNECTION_ERROR, model + ": " + t);
            queue.offer(e);
            throw e;
        }
        ObjectNode chunk = (ObjectNode) o;
        received++;
        for (JsonNode c : chunk.path("choices")) {
            finished |= c.hasNonNull("finish_reason");
        }
        return chunk;
    }

    int received() {
        return received;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        if (closed.get()) {
            s.cancel();
        } else {
            // An answer is kilobytes: take it as fast as it comes, the reader paces the client.
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(ObjectNode item) {
        queue.offer(item);
    }

    @Override
    public void onError(Throwable t) {
        queue.offer(t);
    }

    @Override
    public void onComplete() {
        queue.offer(END);
    }

    /** Cancels the upstream call if still running (idempotent). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
