package io.polyloop.scheduler.timer;

/**
 * A timer of one loop, and its node in the {@link TimerWheel}'s intrusive lists: scheduling allocates nothing
 * beyond this object, cancelling unlinks it in O(1) so it is garbage at once. A subclass is its own action
 * ({@link #run()}), so a timer-backed task needs no closure; the same node may be scheduled again once it has fired
 * or been cancelled (a fixed-rate schedule reuses one). Not thread safe: created, fired and cancelled on its loop.
 */
public abstract class Timer implements Runnable {
    static final int NONE = -1;

    long deadlineNanos;
    /** Expiry tick, counted from the wheel's origin: the first tick boundary at or after the deadline. */
    long tick;
    /** Index of the list holding the timer, or {@link #NONE} while it is not scheduled. */
    int list = NONE;
    Timer prev;
    Timer next;

    protected Timer() {
    }

    /** @param deadlineNanos where {@link #deadlineNanos()} starts, for a timer that is scheduled later */
    protected Timer(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** The timer's action: runs on the loop, through the loop's isolation of failures, once the deadline passed. */
    @Override
    public abstract void run();

    /**
     * @return what to run instead of {@link #run()} when the loop drops the timer unfired (it shuts down), or null.
     *         Called at most once per drop; may allocate (shutdown is not a hot path).
     */
    public Runnable discard() {
        return null;
    }

    /** @return true while the timer waits in its wheel */
    public final boolean isPending() {
        return list != NONE;
    }

    /** @return the deadline as a value of the wheel's {@link NanoClock} */
    public final long deadlineNanos() {
        return deadlineNanos;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[deadline=" + deadlineNanos + ", tick=" + tick
                + (isPending() ? ", pending]" : "]");
    }
}
