package io.polyloop.scheduler.sync;

import io.polyloop.api.Task;
import io.polyloop.api.sync.RwLock;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * {@link RwLock}: one FIFO of readers and writers. A newcomer gets the lock at once only if nobody waits, so a
 * waiting writer holds back later readers; when the holders leave, the head is served, and a run of readers at the
 * head is served together. Thread safe.
 */
final class RwLockImpl extends Waitable implements RwLock {
    static final int READ = 0;
    static final int WRITE = 1;

    private final WaitList<Void> waiters = new WaitList<>();
    private int readers;
    private boolean writer;

    RwLockImpl(Supplier<? extends Executor> loops) {
        super(loops);
    }

    @Override
    public Task<Void> read() {
        synchronized (lock) {
            if (!tryReadLocked()) {
                Waiter<Void> w = park(waiters);
                w.amount = READ;
                return w;
            }
        }
        return done(null);
    }

    @Override
    public Task<Void> write() {
        synchronized (lock) {
            if (!tryWriteLocked()) {
                Waiter<Void> w = park(waiters);
                w.amount = WRITE;
                return w;
            }
        }
        return done(null);
    }

    @Override
    public boolean tryRead() {
        synchronized (lock) {
            return tryReadLocked();
        }
    }

    @Override
    public boolean tryWrite() {
        synchronized (lock) {
            return tryWriteLocked();
        }
    }

    private boolean tryReadLocked() {
        if (writer || !waiters.isEmpty() || readers == Integer.MAX_VALUE) {
            return false;
        }
        readers++;
        return true;
    }

    private boolean tryWriteLocked() {
        if (writer || readers > 0 || !waiters.isEmpty()) {
            return false;
        }
        writer = true;
        return true;
    }

    @Override
    public void unlockRead() {
        Waiter<?> served;
        synchronized (lock) {
            if (readers == 0) {
                throw new IllegalStateException("unlockRead() without a read lock held"
                        + (writer ? " (the write lock is held: unlockWrite())" : ""));
            }
            readers--;
            grant();
            served = takeServed();
        }
        Waiter.dispatchAll(served);
    }

    @Override
    public void unlockWrite() {
        Waiter<?> served;
        synchronized (lock) {
            if (!writer) {
                throw new IllegalStateException("unlockWrite() without the write lock held"
                        + (readers > 0 ? " (" + readers + " read locks are held: unlockRead())" : ""));
            }
            writer = false;
            grant();
            served = takeServed();
        }
        Waiter.dispatchAll(served);
    }

    /** Under the lock: serves the head while it can go: a writer alone, or every reader up to the next writer. */
    private void grant() {
        for (Waiter<Void> w = waiters.peek(); w != null && !writer; w = waiters.peek()) {
            if (w.amount == WRITE) {
                if (readers > 0) {
                    return;
                }
                writer = true;
            } else {
                if (readers == Integer.MAX_VALUE) {
                    return;
                }
                readers++;
            }
            serve(w, null);
        }
    }

    @Override
    void onWithdrawn(Waiter<?> w) {
        grant(); // a withdrawn writer at the head may have held back readers
    }

    @Override
    public int readers() {
        synchronized (lock) {
            return readers;
        }
    }

    @Override
    public boolean isWriteLocked() {
        synchronized (lock) {
            return writer;
        }
    }

    /** @return waiters now (a snapshot; tests check that cancelled ones left) */
    int waiting() {
        synchronized (lock) {
            return waiters.size();
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "RwLock[" + (writer ? "write locked" : readers + " readers") + ", " + waiters.size() + " waiting]";
        }
    }
}
