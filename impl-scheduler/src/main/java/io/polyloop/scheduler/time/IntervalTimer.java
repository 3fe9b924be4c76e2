package io.polyloop.scheduler.time;

import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.task.ImmediateCancel;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.scheduler.timer.FixedRate;
import io.polyloop.scheduler.timer.Timer;

import java.util.concurrent.CancellationException;
import java.util.function.LongConsumer;

/**
 * A fixed-rate schedule on one loop: tick {@code n} runs at {@code start + n * period} (deadlines computed from the
 * start, so no drift); ticks the loop was too late for are skipped, not fired in a burst. The schedule is its own
 * timer, scheduled again after each tick, so a tick allocates nothing. Its task never succeeds: cancelling it stops
 * the schedule and removes the timer (at once on the loop); a tick that throws stops it and fails the task. Fields
 * are loop-confined.
 */
public final class IntervalTimer extends Timer implements ImmediateCancel {
    private final EventLoop loop;
    private final LoopTask<Void> task;
    private final long periodNanos;
    private final LongConsumer onTick;
    private final String owner;
    private long start;
    private long tick;

    private IntervalTimer(EventLoop loop, long periodNanos, LongConsumer onTick, String owner) {
        this.loop = loop;
        this.task = new LoopTask<>(loop);
        this.periodNanos = periodNanos;
        this.onTick = onTick;
        this.owner = owner;
    }

    /**
     * @param periodNanos positive
     * @param owner       names the runtime in the failure when it shuts down
     */
    public static LoopTask<Void> start(EventLoop loop, long periodNanos, LongConsumer onTick, String owner) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("interval period " + periodNanos + " ns must be positive");
        }
        IntervalTimer interval = new IntervalTimer(loop, periodNanos, onTick, owner);
        interval.task.onCancel(interval);
        loop.run(interval, interval.task); // tick 0 = not started: the first run starts the schedule
        return interval.task;
    }

    private void arm(long n) {
        tick = n;
        loop.scheduleAt(this, FixedRate.deadline(start, periodNanos, n));
    }

    /**
     * On the loop, by state: the first run starts the schedule; a run from the wheel is a tick; a run after the task
     * is done (a cancel posted from another thread) removes the timer if it is still pending.
     */
    @Override
    public void run() {
        if (task.isDone()) {
            if (isPending()) {
                loop.cancel(this);
            }
            return;
        }
        if (tick == 0) {
            start = loop.nanoTime();
            arm(1);
            return;
        }
        try {
            onTick.accept(tick);
        } catch (Throwable t) {
            task.completeExceptionally(t);
            return;
        }
        if (!task.isDone() && !isPending()) { // the tick may have cancelled its own interval
            arm(FixedRate.nextTick(start, periodNanos, tick, loop.nanoTime()));
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
        return true;
    }

    @Override
    public Runnable discard() {
        long last = tick - 1;
        return () -> task.completeExceptionally(
                new CancellationException(owner + " shut down; interval stopped after tick " + last));
    }
}
