package io.polyloop.scheduler.time;

import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.timer.Timer;

import java.util.concurrent.Future;

/**
 * A timer whose life ends with a task, and which is also the request, posted to its loop from any thread, to arm it
 * and to remove it: so a pending timer costs this object and its task, nothing else. Its {@link #run()} goes by state:
 * a run after the task is done (cancelled or completed from another thread) removes the timer if it still waits; the
 * first run arms it ({@link #arm()}); a later run is the wheel's, the deadline passing ({@link #fire()}).
 * Fields are loop-confined.
 */
abstract class TaskTimer extends Timer {
    final EventLoop loop;
    private final Future<?> task;
    private boolean armed;

    /** @param deadlineNanos for {@link #arm()}; a subclass that arms otherwise passes 0 */
    TaskTimer(EventLoop loop, Future<?> task, long deadlineNanos) {
        super(deadlineNanos);
        this.loop = loop;
        this.task = task;
    }

    @Override
    public final void run() {
        if (task.isDone()) {
            disarm();
            return;
        }
        if (!armed) {
            armed = true;
            arm();
            return;
        }
        fire();
    }

    /** The first run: into the wheel at the deadline given at construction. */
    void arm() {
        loop.scheduleAt(this, deadlineNanos());
    }

    /** A run from the wheel while the task is pending. */
    abstract void fire();

    /** Loop thread: takes the timer out of the wheel if it waits there. */
    final void disarm() {
        if (isPending()) {
            loop.cancel(this);
        }
    }

    /**
     * {@link io.polyloop.scheduler.task.ImmediateCancel#cancelHere()} for a subclass that is its task's cancel hook:
     * on the loop the timer goes at once; elsewhere false, and the posted run removes it (or, not armed yet, sees
     * the task done and does nothing).
     */
    public final boolean cancelHere() {
        if (!loop.inLoop()) {
            return false;
        }
        disarm();
        return true;
    }
}
