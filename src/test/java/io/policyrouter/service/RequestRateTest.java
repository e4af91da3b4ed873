package io.policyrouter.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The client keys' request rate: a burst of the limit, then one permit per minute / limit, on a clock the test moves. */
class RequestRateTest {

    final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aBurstOfTheLimitThenOnePermitPerInterval() {
        RequestRate rate = new RequestRate(6, now::get); // a permit every 10 s
        for (int i = 0; i < 6; i++) {
            assertEquals(0, rate.take(), "permit " + i + " of the burst");
        }
        assertEquals(TimeUnit.SECONDS.toNanos(10), rate.take(), "the seventh waits a whole interval");
        now.addAndGet(TimeUnit.SECONDS.toNanos(4));
        assertEquals(TimeUnit.SECONDS.toNanos(6), rate.take(), "refused calls take nothing");
        now.addAndGet(TimeUnit.SECONDS.toNanos(6));
        assertEquals(0, rate.take());
        assertEquals(TimeUnit.SECONDS.toNanos(10), rate.take());
    }

    @Test
    void anIdleKeyRefillsToItsBurstAndNoFurther() {
        RequestRate rate = new RequestRate(3, now::get);
        now.addAndGet(TimeUnit.HOURS.toNanos(5));
        for (int i = 0; i < 3; i++) {
            assertEquals(0, rate.take());
        }
        assertEquals(TimeUnit.SECONDS.toNanos(20), rate.take());
    }

    @Test
    void concurrentCallersShareExactlyTheBurst() throws InterruptedException {
        RequestRate rate = new RequestRate(1_000, now::get);
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 1_000; i++) {
                    if (rate.take() == 0) {
                        granted.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1_000, granted.get(), "8,000 tries on a still clock");
    }
}
