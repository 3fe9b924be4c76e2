package io.polyloop.api.sync;

import io.polyloop.api.Task;

/**
 * A fair readers-writer lock (Tokio's {@code RwLock}): many readers or one writer. Requests are served in arrival
 * order; a waiting writer blocks readers that arrive after it, so writers are not starved. The lock belongs to tasks,
 * not threads. Not reentrant: a reader asking again behind a waiting writer waits for it.
 */
public interface RwLock {

    /** @return a task that succeeds once a read lock is held; cancelling it while it waits withdraws the request */
    Task<Void> read();

    /** @return a task that succeeds once the write lock is held; cancelling it while it waits withdraws the request */
    Task<Void> write();

    /** @return true if a read lock was taken now (no writer holds or waits) */
    boolean tryRead();

    /** @return true if the write lock was taken now (no reader or writer holds or waits) */
    boolean tryWrite();

    /** @throws IllegalStateException if no read lock is held */
    void unlockRead();

    /** @throws IllegalStateException if the write lock is not held */
    void unlockWrite();

    /** @return read locks held now (a snapshot) */
    int readers();

    /** @return true if the write lock is held now (a snapshot) */
    boolean isWriteLocked();
}
