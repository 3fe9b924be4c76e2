package io.polyloop.scheduler.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters a loop publishes once per turn for status views on other threads. Single writer (the loop, with release
 * stores), many readers (acquire loads): a reader sees values at most one turn old.
 */
final class LoopStats {
    private static final VarHandle QUEUED;
    private static final VarHandle TIMERS;
    private static final VarHandle HANDLES;
    private static final VarHandle TURNS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            QUEUED = l.findVarHandle(LoopStats.class, "queued", int.class);
            TIMERS = l.findVarHandle(LoopStats.class, "timers", int.class);
            HANDLES = l.findVarHandle(LoopStats.class, "handles", int.class);
            TURNS = l.findVarHandle(LoopStats.class, "turns", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") private int queued;
    @SuppressWarnings("unused") private int timers;
    @SuppressWarnings("unused") private int handles;
    @SuppressWarnings("unused") private long turns;

    /** Loop thread only. */
    void publish(int queuedTasks, int pendingTimers, int openHandles) {
        QUEUED.setRelease(this, queuedTasks);
        TIMERS.setRelease(this, pendingTimers);
        HANDLES.setRelease(this, openHandles);
        TURNS.setRelease(this, (long) TURNS.getAcquire(this) + 1);
    }

    int queued() {
        return (int) QUEUED.getAcquire(this);
    }

    int timers() {
        return (int) TIMERS.getAcquire(this);
    }

    int handles() {
        return (int) HANDLES.getAcquire(this);
    }

    long turns() {
        return (long) TURNS.getAcquire(this);
    }
}
