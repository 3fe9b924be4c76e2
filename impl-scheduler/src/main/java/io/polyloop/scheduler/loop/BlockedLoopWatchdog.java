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
 *
 * <p>It also reports the opposite: a loop asleep in its driver with posts in its inbox, and no task run, for
 * {@link #ASLEEP_WITH_POSTS_NANOS} or a threshold if longer. A post wakes the loop it is queued on within
 * microseconds, so that is a lost wake-up, a bug (session 8: an io_uring loop slept 20 s and more that way, seen only
 * as a stalled accept queue), or a machine too loaded to schedule the loop's thread; once per episode, at ERROR.
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

        /**
         * @param asleepNanos how long the loop has been seen asleep with {@code posts} in its inbox and no task run
         */
        default void asleepWithPosts(EventLoop loop, long asleepNanos, int posts) {
            LOG.error("{} has slept {} ms with {} post(s) in its inbox and run none: its wake-up was lost (a bug:"
                    + " please report it with this line) or its thread gets no CPU", loop.name(),
                    TimeUnit.NANOSECONDS.toMillis(asleepNanos), posts);
        }
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
    /** Asleep with posts this long (or a threshold if longer) is reported: far above any wake-up's latency. */
    static final long ASLEEP_WITH_POSTS_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The turn last reported per loop (its start time): one report per episode. Watchdog thread only. */
    private final Map<EventLoop, Long> reported = new IdentityHashMap<>();
    /** Per loop seen asleep with posts: {tasks run then, first seen (nanoTime), reported (1) or not}. */
    private final Map<EventLoop, long[]> asleep = new IdentityHashMap<>();
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
        asleep.keySet().retainAll(current);
        for (EventLoop loop : current) {
            LoopStats stats = loop.stats();
            long since = stats.busySince();
            Thread runner = loop.runner();
            if (runner == null) {
                continue;
            }
            if (since == 0) {
                checkAsleep(loop, stats, threshold);
                continue;
            }
            asleep.remove(loop);
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

    /** {@code loop} is idle (asleep, or about to sleep): posts waiting all along, no task run, is reported once. */
    private void checkAsleep(EventLoop loop, LoopStats stats, long threshold) {
        int posts = loop.postsWaiting();
        if (posts == 0 || loop.isTerminated()) {
            asleep.remove(loop);
            return;
        }
        long ran = stats.tasksRun();
        long now = System.nanoTime();
        long[] seen = asleep.get(loop);
        if (seen == null || seen[0] != ran) {
            asleep.put(loop, new long[] {ran, now, 0}); // a new episode (or the loop ran tasks meanwhile)
            return;
        }
        long asleepNanos = now - seen[1];
        if (seen[2] == 0 && asleepNanos >= Math.max(ASLEEP_WITH_POSTS_NANOS, threshold)) {
            seen[2] = 1;
            reporter.asleepWithPosts(loop, asleepNanos, posts);
        }
    }
}
