package io.polyloop.scheduler.timer;

/** A pending timer of one loop. Not thread safe: created, fired and cancelled on its loop. */
public final class Timer {
    final long deadlineNanos;
    final long sequence;
    final Runnable action;
    final Runnable discard;
    int index = -1;

    Timer(long deadlineNanos, long sequence, Runnable action, Runnable discard) {
        this.deadlineNanos = deadlineNanos;
        this.sequence = sequence;
        this.action = action;
        this.discard = discard;
    }

    /** @return true while the timer waits in its queue */
    public boolean isPending() {
        return index >= 0;
    }

    boolean firesBefore(Timer other) {
        return deadlineNanos != other.deadlineNanos
                ? deadlineNanos - other.deadlineNanos < 0
                : sequence < other.sequence;
    }
}
