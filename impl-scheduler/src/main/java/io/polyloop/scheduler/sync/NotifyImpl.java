package io.polyloop.scheduler.sync;

import io.polyloop.api.Task;
import io.polyloop.api.sync.Notify;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** {@link Notify}: a FIFO of waiters and at most one stored permit. Thread safe. */
final class NotifyImpl extends Waitable implements Notify {
    private final WaitList<Void> waiters = new WaitList<>();
    private boolean permit;

    NotifyImpl(Supplier<? extends Executor> loops) {
        super(loops);
    }

    @Override
    public Task<Void> notified() {
        synchronized (lock) {
            if (!permit) {
                return park(waiters);
            }
            permit = false;
        }
        return done(null);
    }

    @Override
    public void notifyOne() {
        Waiter<?> served;
        synchronized (lock) {
            Waiter<Void> w = waiters.peek();
            if (w == null) {
                permit = true;
                return;
            }
            serve(w, null);
            served = takeServed();
        }
        Waiter.dispatchAll(served);
    }

    @Override
    public void notifyWaiters() {
        Waiter<?> served;
        synchronized (lock) {
            for (Waiter<Void> w = waiters.peek(); w != null; w = waiters.peek()) {
                serve(w, null);
            }
            served = takeServed();
        }
        Waiter.dispatchAll(served);
    }

    @Override
    void onWithdrawn(Waiter<?> w) {
        // a served waiter cannot be withdrawn, so no notification is lost and none needs passing on
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
            return "Notify[" + (permit ? "permit stored" : "no permit") + ", " + waiters.size() + " waiting]";
        }
    }
}
