package io.polyloop.scheduler.time;

import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.scheduler.timer.FixedRate;
import io.polyloop.scheduler.timer.Timer;

import java.util.concurrent.CancellationException;
import java.util.function.LongConsumer;

/**
 * A fixed-rate schedule on one loop: tick {@code n} runs at {@code start + n * period} (deadlines computed from the
 * start, so no drift); ticks the loop was too late for are skipped, not fired in a burst. One timer is pending at
 * a time. Its task never succeeds: cancelling it stops the schedule and removes the timer; a tick that throws stops
 * it and fails the task. Fields are loop-confined.
 */
public final class IntervalTimer implements Runnable {
    private final EventLoop loop;
    private final LoopTask<Void> task;
    private final long periodNanos;
    private final LongConsumer onTick;
    private final String owner;
    private long start;
    private long tick;
    private Timer timer;

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
        loop.run(interval::begin, interval.task);
        return interval.task;
    }

    private void begin() {
        if (task.isDone()) {
            return;
        }
        start = loop.nanoTime();
        arm(1);
        task.onCancel(() -> {
            if (timer != null) {
                loop.cancel(timer);
            }
        });
    }

    private void arm(long n) {
        tick = n;
        timer = loop.scheduleAt(FixedRate.deadline(start, periodNanos, n), this, () -> task.completeExceptionally(
                new CancellationException(owner + " shut down; interval stopped after tick " + (tick - 1))));
    }

    /** A tick: the timer fired. */
    @Override
    public void run() {
        timer = null;
        if (task.isDone()) {
            return;
        }
        try {
            onTick.accept(tick);
        } catch (Throwable t) {
            task.completeExceptionally(t);
            return;
        }
        if (!task.isDone()) { // the tick may have cancelled its own interval
            arm(FixedRate.nextTick(start, periodNanos, tick, loop.nanoTime()));
        }
    }
}
