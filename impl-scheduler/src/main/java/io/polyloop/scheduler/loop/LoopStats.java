package io.polyloop.scheduler.loop;

import io.polyloop.api.LoopInfo;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters a loop publishes for status views and the {@link BlockedLoopWatchdog} on other threads. The loop writes
 * with release stores once per turn (and {@link #busy}/{@link #idle} around its sleeps); readers use acquire loads
 * and see values at most one turn old. {@code blocked} has one writer of its own, the watchdog. Plain stores on the
 * hot path, no allocation.
 */
final class LoopStats {
    private static final VarHandle QUEUED;
    private static final VarHandle TIMERS;
    private static final VarHandle HANDLES;
    private static final VarHandle TURNS;
    private static final VarHandle TASKS_RUN;
    private static final VarHandle STEALS;
    private static final VarHandle BUSY_SINCE;
    private static final VarHandle BLOCKED;
    private static final VarHandle SWAPS;
    private static final VarHandle LAST_SWAP_NANOS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            QUEUED = l.findVarHandle(LoopStats.class, "queued", int.class);
            TIMERS = l.findVarHandle(LoopStats.class, "timers", int.class);
            HANDLES = l.findVarHandle(LoopStats.class, "handles", int.class);
            TURNS = l.findVarHandle(LoopStats.class, "turns", long.class);
            TASKS_RUN = l.findVarHandle(LoopStats.class, "tasksRun", long.class);
            STEALS = l.findVarHandle(LoopStats.class, "steals", long.class);
            BUSY_SINCE = l.findVarHandle(LoopStats.class, "busySince", long.class);
            BLOCKED = l.findVarHandle(LoopStats.class, "blocked", long.class);
            SWAPS = l.findVarHandle(LoopStats.class, "swaps", long.class);
            LAST_SWAP_NANOS = l.findVarHandle(LoopStats.class, "lastSwapNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") private int queued;
    @SuppressWarnings("unused") private int timers;
    @SuppressWarnings("unused") private int handles;
    @SuppressWarnings("unused") private long turns;
    private long tasksRun;
    @SuppressWarnings("unused") private long steals;
    /** {@link System#nanoTime()} when the running turn started; 0 while the loop sleeps or is not running. */
    @SuppressWarnings("unused") private long busySince;
    @SuppressWarnings("unused") private long blocked;
    @SuppressWarnings("unused") private long swaps;
    @SuppressWarnings("unused") private long lastSwapNanos;

    /** Loop thread only: the end of a turn. */
    void publish(int queuedTasks, int pendingTimers, int openHandles) {
        QUEUED.setRelease(this, queuedTasks);
        TIMERS.setRelease(this, pendingTimers);
        HANDLES.setRelease(this, openHandles);
        TURNS.setRelease(this, (long) TURNS.getAcquire(this) + 1);
    }

    /** Loop thread only: {@code n} more tasks run (timers and callbacks run through the same path count too). */
    void ran(int n) {
        TASKS_RUN.setRelease(this, tasksRun + n); // one writer: the loop
    }

    /** @return tasks run since start. Any thread; the loop's own reading is exact. */
    long tasksRun() {
        return (long) TASKS_RUN.getAcquire(this);
    }

    /** Loop thread only, for work stealing: tasks this loop took from other loops' queues since start. */
    void steals(long total) {
        STEALS.setRelease(this, total);
    }

    /** Loop thread only: a driver replacement done, which paused the loop for {@code pauseNanos}. */
    void swapped(long pauseNanos) {
        LAST_SWAP_NANOS.setRelease(this, pauseNanos);
        SWAPS.setRelease(this, (long) SWAPS.getAcquire(this) + 1);
    }

    /** Loop thread only: a turn (or the delivery of completions after a sleep) starts now. */
    void busy(long nowNanos) {
        BUSY_SINCE.setRelease(this, nowNanos == 0 ? 1 : nowNanos);
    }

    /** Loop thread only: about to sleep, or to stop running. */
    void idle() {
        BUSY_SINCE.setRelease(this, 0L);
    }

    /** @return when the running turn started, 0 if the loop sleeps. Any thread. */
    long busySince() {
        return (long) BUSY_SINCE.getAcquire(this);
    }

    /** Watchdog only: one more blocked episode. */
    long blockedOnce() {
        return (long) BLOCKED.getAndAdd(this, 1L) + 1;
    }

    int timers() {
        return (int) TIMERS.getAcquire(this);
    }

    long turns() {
        return (long) TURNS.getAcquire(this);
    }

    /** @param inboxQueued posts waiting in the inbox now, which the loop does not publish (see EventLoop.turn) */
    LoopInfo snapshot(String name, String backend, long wakeups, int inboxQueued) {
        int queuedNow = (int) Math.min(Integer.MAX_VALUE, (long) (int) QUEUED.getAcquire(this) + inboxQueued);
        return new LoopInfo(name, backend, queuedNow, timers(), (int) HANDLES.getAcquire(this),
                turns(), tasksRun(), (long) STEALS.getAcquire(this), wakeups,
                (long) BLOCKED.getAcquire(this), (long) SWAPS.getAcquire(this),
                (long) LAST_SWAP_NANOS.getAcquire(this));
    }
}
