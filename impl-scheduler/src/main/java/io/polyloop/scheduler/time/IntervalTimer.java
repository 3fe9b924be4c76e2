package io.polyloop.scheduler.time;

import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.task.ImmediateCancel;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.scheduler.timer.FixedRate;

import java.util.concurrent.CancellationException;
import java.util.function.LongConsumer;

/**
 * A fixed-rate schedule on one loop: tick {@code n} runs at {@code start + n * period} (deadlines computed from the
 * start, so no drift); ticks the loop was too late for are skipped, not fired in a burst. The schedule is its own
 * timer ({@link TaskTimer}), scheduled again after each tick, so a tick allocates nothing. Its task never succeeds:
 * cancelling it stops the schedule and removes the timer (at once on the loop); a tick that throws stops it and fails
 * the task. Fields are loop-confined.
 */
public final class IntervalTimer extends TaskTimer implements ImmediateCancel {
    private final LoopTask<Void> task;
    private final long periodNanos;
    private final LongConsumer onTick;
    private final String owner;
    private long start;
    private long tick;

    private IntervalTimer(EventLoop loop, LoopTask<Void> task, long periodNanos, LongConsumer onTick, String owner) {
        super(loop, task, 0);
        this.task = task;
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
        IntervalTimer interval = new IntervalTimer(loop, new LoopTask<>(loop), periodNanos, onTick, owner);
        interval.task.onCancel(interval);
        loop.run(interval, interval.task); // tick 0 = not started: the first run starts the schedule
        return interval.task;
    }

    /** The first run starts the schedule: tick 1 is one period from now. */
    @Override
    void arm() {
        start = loop.nanoTime();
        armTick(1);
    }

    private void armTick(long n) {
        tick = n;
        loop.scheduleAt(this, FixedRate.deadline(start, periodNanos, n));
    }

    @Override
    void fire() {
        try {
            onTick.accept(tick);
        } catch (Throwable t) {
            task.completeExceptionally(t);
            return;
        }
        if (!task.isDone() && !isPending()) { // the tick may have cancelled its own interval
            armTick(FixedRate.nextTick(start, periodNanos, tick, loop.nanoTime()));
        }
    }

    @Override
    public Runnable discard() {
        long last = tick - 1;
        return () -> task.completeExceptionally(
                new CancellationException(owner + " shut down; interval stopped after tick " + last));
    }
}
