package io.polyloop.api.sync;

import io.polyloop.api.Task;

/**
 * Wakes waiting tasks without passing data (Tokio's {@code Notify}). {@link #notifyOne()} with nobody waiting stores
 * a single permit that the next {@link #notified()} consumes at once; permits do not accumulate.
 * {@link #notifyWaiters()} wakes everybody waiting now and stores nothing.
 */
public interface Notify {

    /** @return a task that completes at the next notification (or at once, consuming a stored permit) */
    Task<Void> notified();

    /** Wakes the oldest waiter, or stores the permit if nobody waits. */
    void notifyOne();

    /** Wakes every task waiting now. */
    void notifyWaiters();
}
