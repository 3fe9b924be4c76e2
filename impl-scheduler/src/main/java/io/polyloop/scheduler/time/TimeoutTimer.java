package io.polyloop.scheduler.time;

import io.polyloop.api.Task;
import io.polyloop.api.TaskTimeoutException;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.scheduler.timer.TimerWheel;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * Bounds a task in time: the result completes as the inner task does, or fails with {@link TaskTimeoutException}
 * when the limit passes first, and then the inner task is cancelled. Whichever way the result completes (also
 * when it is cancelled), the timer is removed (at once on the loop) and the inner task cancelled if still pending.
 * The object is its own timer and the request to arm or remove it ({@link TaskTimer}); the limit counts from the
 * call. Fields are loop-confined.
 */
public final class TimeoutTimer<T> extends TaskTimer {
    private final LoopTask<T> result;
    private final Task<T> inner;
    private final Duration limit;

    private TimeoutTimer(EventLoop loop, LoopTask<T> result, Task<T> inner, Duration limit, long deadlineNanos) {
        super(loop, result, deadlineNanos);
        this.result = result;
        this.inner = inner;
        this.limit = limit;
    }

    public static <T> LoopTask<T> start(EventLoop loop, Duration limit, Task<T> inner) {
        long nanos = Math.min(Delays.nanos(limit, "timeout limit"), TimerWheel.MAX_DELAY_NANOS);
        TimeoutTimer<T> t = new TimeoutTimer<>(loop, new LoopTask<>(loop), inner, limit, loop.nanoTime() + nanos);
        loop.run(t, t.result);
        inner.whenComplete((value, failure) -> {
            if (failure == null) {
                t.result.complete(value);
            } else {
                t.result.completeExceptionally(unwrap(failure));
            }
        });
        t.result.whenComplete((value, failure) -> t.finish());
        return t.result;
    }

    /** The limit passed first. */
    @Override
    void fire() {
        result.completeExceptionally(new TaskTimeoutException(limit));
    }

    @Override
    public Runnable discard() {
        return () -> result.completeExceptionally(
                new CancellationException(loop + " shut down before the timeout of " + limit + " passed"));
    }

    /** Any thread: the result is complete; undo what is left. */
    private void finish() {
        if (!inner.isDone()) {
            inner.cancel(true);
        }
        if (cancelHere()) {
            return; // on the loop: the timer is gone
        }
        try {
            loop.execute(this);
        } catch (RejectedExecutionException shuttingDown) {
            // the loop drops its timers itself
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
