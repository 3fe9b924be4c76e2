package io.polyloop.scheduler.sync;

import io.polyloop.api.Task;
import io.polyloop.api.sync.Barrier;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * {@link Barrier}: the waiters of the current generation; the last arrival leads and releases them all at once.
 * Thread safe.
 */
final class BarrierImpl extends Waitable implements Barrier {
    private final int parties;
    private final WaitList<Boolean> waiters = new WaitList<>();

    BarrierImpl(int parties, Supplier<? extends Executor> loops) {
        super(loops);
        if (parties < 1) {
            throw new IllegalArgumentException("barrier parties " + parties + " is out of range; accepted: 1 to "
                    + Integer.MAX_VALUE);
        }
        this.parties = parties;
    }

    @Override
    public Task<Boolean> await() {
        Waiter<?> served;
        synchronized (lock) {
            if (waiters.size() < parties - 1) {
                return park(waiters);
            }
            for (Waiter<Boolean> w = waiters.peek(); w != null; w = waiters.peek()) {
                serve(w, Boolean.FALSE);
            }
            served = takeServed();
        }
        Waiter.dispatchAll(served);
        return done(Boolean.TRUE);
    }

    @Override
    void onWithdrawn(Waiter<?> w) {
        // the arrival is taken back: nothing else changes
    }

    @Override
    public int parties() {
        return parties;
    }

    @Override
    public int waiting() {
        synchronized (lock) {
            return waiters.size();
        }
    }

    @Override
    public String toString() {
        return "Barrier[" + waiting() + "/" + parties + "]";
    }
}
