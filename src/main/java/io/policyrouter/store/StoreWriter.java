package io.policyrouter.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.interceptor.Interceptor;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Recording off the request path: the service offers records to a bounded buffer and returns at once; one writer
 * thread takes them in batches to the store. While the store is unreachable the batch in hand is retried with
 * back-off and new records wait in the buffer; when the buffer is full, new records are dropped and counted — never
 * the request. On a graceful shutdown what is buffered is written first.
 */
@ApplicationScoped
public class StoreWriter {

    private static final Logger LOG = Logger.getLogger(StoreWriter.class);
    private static final long MAX_BACKOFF_MS = 30_000;
    private static final long PURGE_EVERY_MS = 3_600_000;

    private final StoreBackend backend;
    private final StoreConfig config;
    private final BlockingQueue<StoreRecord> buffer;
    private final Counter dropped;
    private final Counter written;
    private final Counter failures;
    private final Counter refused;
    private final Thread writer;
    private volatile List<StoreRecord> inHand = List.of();
    /** Decisions offered and not yet committed, by id: at most the buffer's size. */
    private final Map<String, StoreRecord.Decision> unwritten = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile String lastError;
    private volatile long lastSuccessMs;
    private long lastPurgeMs;

    public StoreWriter(StoreBackend backend, StoreConfig config, MeterRegistry meters) {
        this.backend = backend;
        this.config = config;
        this.buffer = new ArrayBlockingQueue<>(Math.max(1, config.bufferSize()));
        Gauge.builder("router.store.buffered", buffer, BlockingQueue::size)
                .description("Records waiting to be written to the decision store").register(meters);
        this.dropped = Counter.builder("router.store.dropped")
                .description("Records dropped because the store's buffer was full").register(meters);
        this.written = Counter.builder("router.store.written").description("Records written to the store")
                .register(meters);
        this.failures = Counter.builder("router.store.write_failures")
                .description("Batches that could not be written (retried)").register(meters);
        this.refused = Counter.builder("router.store.refused")
                .description("Records the store refused as data (dropped, never retried)").register(meters);
        this.writer = new Thread(this::run, "store-writer");
        this.writer.setDaemon(true);
        if (backend.store().isPresent()) {
            writer.start();
        }
    }

    /** Hands a record over; false (and counted) when the buffer is full or there is no store. Never blocks. */
    public boolean offer(StoreRecord r) {
        if (backend.store().isEmpty()) {
            return false;
        }
        if (r instanceof StoreRecord.Decision d) {
            unwritten.put(d.decisionId(), d); // before the buffer: visible from here until it is committed
        }
        if (!buffer.offer(r)) {
            if (r instanceof StoreRecord.Decision d) {
                unwritten.remove(d.decisionId());
            }
            dropped.increment();
            return false;
        }
        return true;
    }

    /** A decision of this replica not yet committed to the store (a lookup or feedback right after it). */
    public Optional<StoreRecord.Decision> pending(String decisionId) {
        return Optional.ofNullable(unwritten.get(decisionId));
    }

    public int buffered() {
        return buffer.size() + inHand.size();
    }

    /** The last write failed (null: the last write, if any, succeeded). */
    public String lastError() {
        return lastError;
    }

    private void run() {
        long backoff = config.retryBackoff().toMillis();
        while (running || !buffer.isEmpty() || !inHand.isEmpty()) {
            try {
                if (inHand.isEmpty()) {
                    StoreRecord first = buffer.poll(config.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
                    if (first == null) {
                        purgeIfDue();
                        continue;
                    }
                    List<StoreRecord> batch = new ArrayList<>(config.batchSize());
                    batch.add(first);
                    buffer.drainTo(batch, config.batchSize() - 1);
                    inHand = batch;
                }
                DecisionStore store = backend.ready();
                try {
                    store.write(inHand);
                    written.increment(inHand.size());
                    inHand.forEach(this::committed);
                } catch (StoreException e) {
                    if (!e.refusedData()) {
                        throw e;
                    }
                    oneByOne(store);
                }
                inHand = List.of();
                lastError = null;
                lastSuccessMs = System.currentTimeMillis();
                backoff = config.retryBackoff().toMillis();
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (RuntimeException | Error e) { // a JDBC driver's assertion on a dead socket must not end the writer
                if (e instanceof VirtualMachineError vm) {
                    throw vm;
                }
                failures.increment();
                if (lastError == null) {
                    LOG.warnf("decision store unreachable, %d records wait (retrying): %s", buffered(), e.getMessage());
                }
                lastError = e.getMessage();
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                if (!running) {
                    break; // shutting down with the store away: what cannot be written is counted
                }
            }
        }
    }

    /**
     * The store refused the batch's data: each record is written alone, and only one it refuses is dropped (counted,
     * logged), so that one bad record never holds up the others. An outage on the way leaves the rest in hand.
     */
    private void oneByOne(DecisionStore store) {
        List<StoreRecord> rest = new ArrayList<>(inHand);
        while (!rest.isEmpty()) {
            StoreRecord r = rest.get(0);
            try {
                store.write(List.of(r));
                written.increment();
            } catch (StoreException e) {
                if (!e.refusedData()) {
                    inHand = List.copyOf(rest);
                    throw e;
                }
                refused.increment();
                LOG.errorf("decision store refused a %s record, dropped: %s", r.getClass().getSimpleName(),
                        e.getMessage());
            }
            committed(r);
            rest.remove(0);
        }
    }

    private void committed(StoreRecord r) {
        if (r instanceof StoreRecord.Decision d) {
            unwritten.remove(d.decisionId());
        }
    }

    private void purgeIfDue() {
        long now = System.currentTimeMillis();
        if (now - lastPurgeMs < PURGE_EVERY_MS) {
            return;
        }
        lastPurgeMs = now;
        try {
            int n = backend.ready().purgeBefore(now - config.retention().toMillis());
            if (n > 0) {
                LOG.infof("decision store: %d records older than %s deleted", n, config.retention());
            }
        } catch (RuntimeException e) {
            lastPurgeMs = 0; // try again at the next idle moment
        }
    }

    /** Graceful shutdown: what is buffered is written, for up to 10 seconds. */
    void onStop(@Observes @Priority(Interceptor.Priority.APPLICATION + 100) ShutdownEvent event) {
        if (!writer.isAlive()) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while ((!buffer.isEmpty() || !inHand.isEmpty()) && System.nanoTime() < deadline && lastError == null) {
            sleep(20);
        }
        running = false;
        writer.interrupt();
        int lost = buffered();
        if (lost > 0) {
            dropped.increment(lost);
            LOG.warnf("decision store: %d records could not be written before shutdown", lost);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
