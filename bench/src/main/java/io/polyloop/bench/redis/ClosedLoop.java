package io.polyloop.bench.redis;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop load: {@code inFlight} lanes, each issuing its next command when the previous one completes, over a
 * fixed key space. Latency is recorded for commands issued and completed inside the measured window; throughput
 * counts the completions inside it. Bounded: lanes stop issuing when the window ends, and the drain is awaited at
 * most 5 s.
 */
final class ClosedLoop {
    static final int KEYS = 1000;
    static final String VALUE = "v".repeat(64);

    private final AsyncKv kv;
    private final boolean get;
    private final int inFlight;
    private final String[] keys = new String[KEYS];
    private final Histogram latency = new ConcurrentHistogram(60_000_000_000L, 3);
    private final LongAdder completed = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final CountDownLatch drained;
    private volatile int phase; // 0 warm-up, 1 measuring, 2 stopping
    private volatile long measureStart;
    private volatile long measureEnd = Long.MAX_VALUE;

    ClosedLoop(AsyncKv kv, String op, int inFlight) {
        this.kv = kv;
        this.get = op.equals("get");
        this.inFlight = inFlight;
        this.drained = new CountDownLatch(inFlight);
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "bench:key:" + i;
        }
    }

    /** Writes every key once, so that GETs hit. */
    void preload() throws Exception {
        for (String k : keys) {
            kv.set(k, VALUE).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    record Result(long completed, double seconds, Histogram latencyNanos, long errors) {
    }

    Result run(double warmupSeconds, double seconds, Runnable onWarm, Runnable onMeasured)
            throws InterruptedException {
        for (int lane = 0; lane < inFlight; lane++) {
            issue(lane, lane);
        }
        Thread.sleep((long) (warmupSeconds * 1000));
        measureStart = System.nanoTime();
        phase = 1;
        onWarm.run();
        Thread.sleep((long) (seconds * 1000));
        measureEnd = System.nanoTime();
        phase = 2;
        onMeasured.run();
        drained.await(5, TimeUnit.SECONDS);
        return new Result(completed.sum(), (measureEnd - measureStart) / 1e9, latency, errors.sum());
    }

    private void issue(int lane, int n) {
        if (phase == 2) {
            drained.countDown();
            return;
        }
        String key = keys[n % KEYS];
        long t0 = System.nanoTime();
        (get ? kv.get(key) : kv.set(key, VALUE)).whenComplete((r, failure) -> {
            long t1 = System.nanoTime();
            if (failure != null) {
                errors.increment();
            } else if (t1 < measureEnd && phase >= 1 && t1 >= measureStart) {
                completed.increment();
                if (t0 >= measureStart) {
                    latency.recordValue(t1 - t0);
                }
            }
            issue(lane, n + inFlight);
        });
    }
}
