package io.polyloop.scheduler.loop;

/**
 * Work a loop shares with sibling loops (the work-stealing pool). The loop consults it between its own queues and
 * announces when it is about to block, so that producers can wake a parked loop only when there is work for it.
 * Every method is called by the loop thread whose {@code index} is passed, except where stated.
 */
public interface SharedWork {

    /** @return the next shared task for loop {@code index} (its own stealable queue, the inject queue, a theft) */
    Runnable next(int index);

    /** @return true if loop {@code index} has shared work it could run without stealing */
    boolean hasWorkFor(int index);

    /** The loop is about to block; a producer that sees this wakes it. Followed by {@link #unparked}. */
    void parking(int index);

    void unparked(int index);

    /** @return tasks queued for loop {@code index} (its stealable queue), for status views. Any thread. */
    int queued(int index);

    /** @return tasks loop {@code index} has stolen from its siblings since start. Any thread. */
    long steals(int index);

    /** @return true if nothing shared is left that loop {@code index} must run before it may terminate */
    boolean drained(int index);

    /**
     * @return where the continuations users chain on a member's pending I/O tasks go (see
     *         {@link StealableCompletions}), or null to run them inline on the loop that completes the task
     */
    default java.util.concurrent.Executor completions() {
        return null;
    }
}
