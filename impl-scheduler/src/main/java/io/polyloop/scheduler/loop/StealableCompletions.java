package io.polyloop.scheduler.loop;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The executor of the tasks a loop's I/O hands to users under work stealing (one per loop). What must stay with the
 * handle runs on the loop: {@link #execute} (a task's cancel hook). What the user chained on the task runs as a
 * stealable task of the pool: {@link #continuations()}. The task's state still changes on the loop, synchronously,
 * when the driver's completion is handled; only the user's continuations move. Thread safe.
 */
public final class StealableCompletions implements Executor {
    private final EventLoop loop;
    private final Executor hop;

    StealableCompletions(EventLoop loop, Executor pool) {
        this.loop = Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(pool, "pool");
        // A loop that has terminated takes no more work from the pool: what its closing driver still completes
        // (cancelled reads, failed accepts) continues inline, as the continuations of posts do in terminate(); so
        // does what the pool refuses (full, or shut down), rather than failing a continuation the user counts on.
        this.hop = r -> {
            EventLoop current = LoopThread.currentLoop();
            if (current == null || !current.isTerminated()) {
                try {
                    pool.execute(r);
                    return;
                } catch (RejectedExecutionException refused) {
                    // inline, below
                }
            }
            r.run();
        };
    }

    /** Runs {@code r} on the loop (cancel hooks: they touch loop-confined state). */
    @Override
    public void execute(Runnable r) {
        loop.execute(r);
    }

    /** @return where continuations chained on a pending task go: the loop's stealable queue */
    public Executor continuations() {
        return hop;
    }

    /** @return the loop that owns the handles behind the tasks */
    public EventLoop loop() {
        return loop;
    }

    @Override
    public String toString() {
        return loop.name() + " (continuations stealable)";
    }
}
