package io.polyloop.scheduler.sync;

import io.polyloop.api.Task;
import io.polyloop.api.sync.Mutex;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * {@link Mutex} as a fair semaphore of one permit whose ceiling is one, as in Tokio: FIFO hand-off, an unlock of an
 * unlocked mutex is refused. Thread safe.
 */
final class MutexImpl implements Mutex {
    private final SemaphoreImpl permit;

    MutexImpl(Supplier<? extends Executor> loops) {
        this.permit = new SemaphoreImpl(1, 1, loops);
    }

    @Override
    public Task<Void> lock() {
        return permit.acquire(1);
    }

    @Override
    public boolean tryLock() {
        return permit.tryAcquire(1);
    }

    @Override
    public void unlock() {
        try {
            permit.release(1);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("unlock() of a mutex that is not locked", e);
        }
    }

    @Override
    public boolean isLocked() {
        return permit.allHeld();
    }

    /** @return tasks waiting for the lock (a snapshot) */
    int waiting() {
        return permit.waiting();
    }

    @Override
    public String toString() {
        return "Mutex[" + (isLocked() ? "locked" : "unlocked") + ", " + waiting() + " waiting]";
    }
}
