package io.polyloop.scheduler.timer;

/**
 * A pending timer of one loop, and its node in the {@link TimerWheel}'s intrusive lists (so scheduling allocates
 * nothing beyond this object). Not thread safe: created, fired and cancelled on its loop.
 */
public final class Timer {
    static final int NONE = -1;

    final long deadlineNanos;
    final Runnable action;
    final Runnable discard;
    /** Expiry tick, counted from the wheel's origin: the first tick boundary at or after the deadline. */
    long tick;
    /** Index of the list holding the timer, or {@link #NONE} once fired, cancelled or cleared. */
    int list = NONE;
    Timer prev;
    Timer next;

    Timer(long deadlineNanos, Runnable action, Runnable discard) {
        this.deadlineNanos = deadlineNanos;
        this.action = action;
        this.discard = discard;
    }

    /** @return true while the timer waits in its wheel */
    public boolean isPending() {
        return list != NONE;
    }

    /** @return the deadline as a value of the wheel's {@link NanoClock} */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    @Override
    public String toString() {
        return "Timer[deadline=" + deadlineNanos + ", tick=" + tick + (isPending() ? ", pending]" : "]");
    }
}
