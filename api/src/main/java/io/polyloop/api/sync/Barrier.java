package io.polyloop.api.sync;

import io.polyloop.api.Task;

/**
 * Lets a fixed number of tasks wait for each other (Tokio's {@code Barrier}). When the last of {@link #parties()}
 * arrives every waiter is released and the barrier starts a new generation: it is reusable.
 */
public interface Barrier {

    /**
     * @return a task that completes when {@link #parties()} tasks of this generation have arrived: true for exactly
     *         one of them (the leader, the last to arrive), false for the others. Cancelling it while it waits
     *         withdraws the arrival: the generation then needs one more.
     */
    Task<Boolean> await();

    int parties();

    /** @return tasks waiting in the current generation (a snapshot) */
    int waiting();
}
