package io.polyloop.scheduler.loop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Reports loops whose current turn has run longer than a threshold: a task or callback that blocks, or computes for
 * too long, holds up every connection of its loop. Runs on a daemon thread of its own, never on a loop; looks every
 * quarter threshold (10 ms to 500 ms), so a report comes between 1 and 1.25 thresholds into the turn. Each blocked
 * episode (one turn) is reported once, at WARN with the loop thread's stack, and counted in the loop's
 * {@code blockedEvents}. Thread safe; a threshold of 0 turns it off until set again.
 */
public final class BlockedLoopWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlockedLoopWatchdog.class);
    private static final long MIN_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long OFF_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Where a blocked loop is reported: the log in production, a list in tests. */
    @FunctionalInterface
    public interface Reporter {
        /**
         * @param blockedNanos how long the turn has run
         * @param episode      the loop's blocked-event count, this one included
         * @param stack        the loop thread's stack when it was seen blocked
         */
        void blocked(EventLoop loop, long blockedNanos, long thresholdNanos, long episode, StackTraceElement[] stack);
    }

    /** Logs at WARN with the stack of the loop thread as the "exception" of the log line. */
    public static final Reporter LOG_WARN = (loop, blockedNanos, thresholdNanos, episode, stack) -> {
        Throwable where = new Throwable("stack of " + loop.name() + " while blocked");
        where.setStackTrace(stack);
        LOG.warn("{} has been running one turn for {} ms (blockedThresholdMillis={}); blocked event #{} of this"
                        + " loop: a task or callback blocks or computes too long (use spawnBlocking or parallelMap)",
                loop.name(), TimeUnit.NANOSECONDS.toMillis(blockedNanos),
                TimeUnit.NANOSECONDS.toMillis(thresholdNanos), episode, where);
    };

    private final Supplier<List<EventLoop>> loops;
    private final Reporter reporter;
    private final Thread thread;
    /** The turn last reported per loop (its start time): one report per episode. Watchdog thread only. */
    private final Map<EventLoop, Long> reported = new IdentityHashMap<>();
    private volatile long thresholdNanos;
    private volatile boolean closed;

    /**
     * @param loops           the loops to watch, read each round (strategies may change their loops)
     * @param thresholdMillis 0 for off
     */
    public BlockedLoopWatchdog(String runtimeName, Supplier<List<EventLoop>> loops, long thresholdMillis,
                               Reporter reporter) {
        this.loops = Objects.requireNonNull(loops, "loops");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
        threshold(thresholdMillis);
        this.thread = new Thread(this::watch, runtimeName + "-watchdog");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Changes the threshold; 0 turns the watchdog off. */
    public void threshold(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("blocked-loop threshold " + millis + " ms is negative");
        }
        thresholdNanos = TimeUnit.MILLISECONDS.toNanos(millis);
        LockSupport.unpark(thread);
    }

    /** Stops the watchdog thread; it ends at once, without being waited for (close may run on a loop). */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }

    private void watch() {
        while (!closed) {
            long threshold = thresholdNanos;
            if (threshold == 0) {
                LockSupport.parkNanos(this, OFF_PERIOD_NANOS);
                continue;
            }
            try {
                check(threshold);
            } catch (RuntimeException e) {
                LOG.warn("blocked-loop check failed; the watchdog goes on", e);
            }
            LockSupport.parkNanos(this, Math.max(MIN_PERIOD_NANOS, Math.min(MAX_PERIOD_NANOS, threshold / 4)));
        }
    }

    /** One round over the loops. Watchdog thread only (package-private for tests). */
    void check(long threshold) {
        List<EventLoop> current = loops.get();
        reported.keySet().retainAll(current);
        for (EventLoop loop : current) {
            LoopStats stats = loop.stats();
            long since = stats.busySince();
            Thread runner = loop.runner();
            if (since == 0 || runner == null) {
                continue;
            }
            long running = System.nanoTime() - since;
            Long last = reported.get(loop);
            if (running < threshold || (last != null && last == since)) {
                continue;
            }
            StackTraceElement[] stack = runner.getStackTrace();
            if (stats.busySince() != since) {
                continue; // the turn ended while the stack was taken: not what blocked
            }
            reported.put(loop, since);
            reporter.blocked(loop, running, threshold, stats.blockedOnce(), stack);
        }
    }
}
