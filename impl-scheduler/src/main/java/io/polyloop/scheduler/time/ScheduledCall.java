package io.polyloop.scheduler.time;

import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.task.ImmediateCancel;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.scheduler.timer.TimerWheel;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/**
 * {@code schedule(body, delay)} and {@code sleep(delay)}: one object is the timer, its action, the cancel hook of
 * its task and (from another thread) the queued request to arm it ({@link TaskTimer}). Cancelling the task on the loop
 * unlinks the timer at once; from another thread, in the loop's next turn. The deadline counts from the call, not
 * from when the loop gets to it. Fields are loop-confined.
 */
public final class ScheduledCall<T> extends TaskTimer implements ImmediateCancel {
    private final LoopTask<T> task;
    private final Callable<T> body;

    private ScheduledCall(EventLoop loop, LoopTask<T> task, Callable<T> body, long deadlineNanos) {
        super(loop, task, deadlineNanos);
        this.task = task;
        this.body = body;
    }

    /** Any thread. @param delayNanos negative counts as zero */
    public static <T> LoopTask<T> start(EventLoop loop, long delayNanos, Callable<T> body) {
        long delay = Math.min(Math.max(0, delayNanos), TimerWheel.MAX_DELAY_NANOS);
        LoopTask<T> task = new LoopTask<>(loop);
        ScheduledCall<T> call = new ScheduledCall<>(loop, task, body, loop.nanoTime() + delay);
        task.onCancel(call);
        loop.run(call, task); // arms at once on the loop, else in its next turn
        return task;
    }

    @Override
    void fire() {
        task.completeWith(body);
    }

    @Override
    public Runnable discard() {
        return () -> task.completeExceptionally(
                new CancellationException(loop + " shut down before the timer fired"));
    }
}
