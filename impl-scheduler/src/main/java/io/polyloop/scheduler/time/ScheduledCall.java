package io.polyloop.scheduler.time;

import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.task.ImmediateCancel;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.scheduler.timer.Timer;
import io.polyloop.scheduler.timer.TimerWheel;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/**
 * {@code schedule(body, delay)} and {@code sleep(delay)}: one object is the timer, its action, the cancel hook of
 * its task and (from another thread) the queued request to arm it, so a pending timer costs this and its task and
 * nothing else. Cancelling the task on the loop unlinks the timer at once; from another thread, in the loop's next
 * turn. The deadline counts from the call, not from when the loop gets to it. Fields are loop-confined.
 */
public final class ScheduledCall<T> extends Timer implements ImmediateCancel {
    private final EventLoop loop;
    private final LoopTask<T> task;
    private final Callable<T> body;
    private boolean armed;

    private ScheduledCall(EventLoop loop, LoopTask<T> task, Callable<T> body, long deadlineNanos) {
        super(deadlineNanos);
        this.loop = loop;
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

    /**
     * On the loop, by state: the first run arms the timer; the wheel's run fires it; a run after the task is done (a
     * cancel posted from another thread) removes the timer if it is still pending.
     */
    @Override
    public void run() {
        if (task.isDone()) {
            if (isPending()) {
                loop.cancel(this);
            }
            return;
        }
        if (!armed) {
            armed = true;
            loop.scheduleAt(this, deadlineNanos());
            return;
        }
        try {
            task.complete(body.call());
        } catch (Throwable t) {
            task.completeExceptionally(t);
        }
    }

    @Override
    public boolean cancelHere() {
        if (!loop.inLoop()) {
            return false;
        }
        if (isPending()) {
            loop.cancel(this);
        }
        return true; // not armed yet: the queued arming sees the task done and does nothing
    }

    @Override
    public Runnable discard() {
        return () -> task.completeExceptionally(
                new CancellationException(loop + " shut down before the timer fired"));
    }
}
