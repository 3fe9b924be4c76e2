package io.polyloop.api.sync;

import io.polyloop.api.Task;

/**
 * A fair counting semaphore (Tokio's {@code Semaphore}). Waiters are served in arrival order: a large request at the
 * head is not overtaken by smaller ones behind it, and permits released while it waits are set aside for it. So
 * {@link #tryAcquire} fails while anybody waits. Permits are not owned by a thread: any task may release them.
 */
public interface Semaphore {

    /** Same as {@code acquire(1)}. */
    Task<Void> acquire();

    /**
     * @param permits 1 or more
     * @return a task that succeeds once the permits are taken; fails with {@link ClosedException} if the semaphore is
     *         or gets closed first; cancelling it while it waits gives back the permits set aside for it
     */
    Task<Void> acquire(int permits);

    boolean tryAcquire();

    /** @return true if {@code permits} were taken now; false if not enough are available or others wait */
    boolean tryAcquire(int permits);

    void release();

    /**
     * Returns (or adds) permits, serving waiters first.
     *
     * @throws IllegalArgumentException if {@code permits} is less than 1
     * @throws IllegalStateException    if the total would exceed {@link Integer#MAX_VALUE}
     */
    void release(int permits);

    /** @return permits available to a new caller now (0 while anybody waits) */
    int availablePermits();

    /** Fails every waiter and every later acquire with {@link ClosedException}; releases still count. */
    void close();

    boolean isClosed();
}
