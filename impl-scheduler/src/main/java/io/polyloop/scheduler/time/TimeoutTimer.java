package io.polyloop.scheduler.time;

import io.polyloop.api.Task;
import io.polyloop.api.TaskTimeoutException;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.scheduler.timer.Timer;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * Bounds a task in time: the result completes as the inner task does, or fails with {@link TaskTimeoutException}
 * when the limit passes first, and then the inner task is cancelled. Whichever way the result completes (also
 * when it is cancelled), the timer is removed and the inner task cancelled if still pending. The timer field is
 * loop-confined.
 */
public final class TimeoutTimer<T> {
    private final EventLoop loop;
    private final LoopTask<T> result;
    private final Task<T> inner;
    private final Duration limit;
    private Timer timer;

    private TimeoutTimer(EventLoop loop, Task<T> inner, Duration limit) {
        this.loop = loop;
        this.result = new LoopTask<>(loop);
        this.inner = inner;
        this.limit = limit;
    }

    public static <T> LoopTask<T> start(EventLoop loop, Duration limit, Task<T> inner) {
        long nanos = Delays.nanos(limit, "timeout limit");
        TimeoutTimer<T> t = new TimeoutTimer<>(loop, inner, limit);
        loop.run(() -> t.arm(nanos), t.result);
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

    private void arm(long nanos) {
        if (!result.isDone()) {
            timer = loop.schedule(nanos, this::expire, () -> result.completeExceptionally(
                    new CancellationException(loop + " shut down before the timeout of " + limit + " passed")));
        }
    }

    private void expire() {
        timer = null;
        result.completeExceptionally(new TaskTimeoutException(limit));
    }

    /** Any thread: the result is complete; undo what is left. */
    private void finish() {
        if (!inner.isDone()) {
            inner.cancel(true);
        }
        if (loop.inLoop()) {
            cancelTimer();
            return;
        }
        try {
            loop.execute(this::cancelTimer);
        } catch (RejectedExecutionException shuttingDown) {
            // the loop drops its timers itself
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            loop.cancel(timer);
            timer = null;
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
