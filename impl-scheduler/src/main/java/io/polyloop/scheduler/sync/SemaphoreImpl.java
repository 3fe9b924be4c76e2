package io.polyloop.scheduler.sync;

import io.polyloop.api.Task;
import io.polyloop.api.sync.ClosedException;
import io.polyloop.api.sync.Semaphore;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The fair semaphore of Tokio's {@code batch_semaphore}: released permits go to the oldest waiter first, a partial
 * grant is set aside for it, and a withdrawn waiter gives its grant back. Invariant (under the lock): permits are
 * available only while nobody waits. Also the core of {@link MutexImpl}, with a ceiling that makes an unheld release
 * an error. Thread safe.
 */
final class SemaphoreImpl extends Waitable implements Semaphore {
    private final WaitList<Void> waiters = new WaitList<>();
    /** Permits neither held nor set aside can never exceed this: releasing past it is a caller's bug. */
    private final int ceiling;
    private int available;
    /** Permits set aside for waiters. */
    private int setAside;
    private boolean closed;

    SemaphoreImpl(int permits, int ceiling, Supplier<? extends Executor> loops) {
        super(loops);
        if (permits < 0 || permits > ceiling) {
            throw new IllegalArgumentException("semaphore permits " + permits + " is out of range; accepted: 0 to "
                    + ceiling);
        }
        this.available = permits;
        this.ceiling = ceiling;
    }

    @Override
    public Task<Void> acquire() {
        return acquire(1);
    }

    @Override
    public Task<Void> acquire(int permits) {
        requirePositive(permits);
        synchronized (lock) {
            if (closed) {
                return failed(closed());
            }
            if (available >= permits) {
                available -= permits; // nobody waits when permits are available
                return done(null);
            }
            Waiter<Void> w = park(waiters);
            w.amount = permits;
            w.granted = available; // the head of an empty queue takes what there is
            setAside += available;
            available = 0;
            return w;
        }
    }

    @Override
    public boolean tryAcquire() {
        return tryAcquire(1);
    }

    @Override
    public boolean tryAcquire(int permits) {
        requirePositive(permits);
        synchronized (lock) {
            if (closed || available < permits) {
                return false;
            }
            available -= permits;
            return true;
        }
    }

    @Override
    public void release() {
        release(1);
    }

    @Override
    public void release(int permits) {
        requirePositive(permits);
        Waiter<?> served;
        synchronized (lock) {
            if ((long) available + setAside + permits > ceiling) {
                throw new IllegalStateException(ceiling == Integer.MAX_VALUE
                        ? "releasing " + permits + " permits would exceed " + ceiling + " (available " + available + ")"
                        : "released " + permits + " permit(s) that were not held (" + available + " of " + ceiling
                        + " available)");
            }
            available += permits;
            grant();
            served = takeServed();
        }
        Waiter.dispatchAll(served);
    }

    /** Under the lock: moves available permits to waiters in arrival order, serving each that has enough. */
    private void grant() {
        for (Waiter<Void> w = waiters.peek(); w != null && available > 0; w = waiters.peek()) {
            int give = Math.min(available, w.amount - w.granted);
            w.granted += give;
            available -= give;
            if (w.granted < w.amount) {
                setAside += give;
                return;
            }
            setAside -= w.granted - give;
            serve(w, null);
        }
    }

    @Override
    void onWithdrawn(Waiter<?> w) {
        setAside -= w.granted;
        available += w.granted;
        w.granted = 0;
        grant();
    }

    @Override
    public int availablePermits() {
        synchronized (lock) {
            return available;
        }
    }

    /** @return true if no permit is available or set aside: all {@code ceiling} are held (for the mutex) */
    boolean allHeld() {
        synchronized (lock) {
            return available + setAside == 0;
        }
    }

    @Override
    public void close() {
        Waiter<?> served;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            for (Waiter<Void> w = waiters.peek(); w != null; w = waiters.peek()) {
                available += w.granted;
                setAside -= w.granted;
                reject(w, closed());
            }
            served = takeServed();
        }
        Waiter.dispatchAll(served);
    }

    @Override
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** @return waiters now (a snapshot) */
    int waiting() {
        synchronized (lock) {
            return waiters.size();
        }
    }

    private void requirePositive(int permits) {
        if (permits < 1 || permits > ceiling) {
            throw new IllegalArgumentException("permits " + permits + " is out of range; accepted: 1 to " + ceiling);
        }
    }

    private static ClosedException closed() {
        return new ClosedException("semaphore is closed");
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "Semaphore[" + available + " available, " + waiters.size() + " waiting" + (closed ? ", closed" : "")
                    + "]";
        }
    }
}
