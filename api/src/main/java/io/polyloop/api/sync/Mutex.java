package io.polyloop.api.sync;

import io.polyloop.api.Task;

/**
 * A fair asynchronous mutual-exclusion lock (Tokio's {@code Mutex}). Waiters get the lock in arrival order: an
 * unlock hands it directly to the oldest waiter and {@link #tryLock()} fails while anybody waits. The lock belongs
 * to a task, not a thread: any thread may unlock it, exactly once per acquisition. Not reentrant.
 */
public interface Mutex {

    /** @return a task that succeeds once the lock is held; cancelling it while it waits withdraws the request */
    Task<Void> lock();

    /** @return true if the lock was free and nobody waited, and is now held */
    boolean tryLock();

    /**
     * Releases the lock, to the oldest waiter if there is one.
     *
     * @throws IllegalStateException if the mutex is not locked
     */
    void unlock();

    /** @return true if held now (a snapshot) */
    boolean isLocked();
}
