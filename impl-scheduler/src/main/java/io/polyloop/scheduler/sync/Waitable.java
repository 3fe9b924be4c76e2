package io.polyloop.scheduler.sync;

import io.polyloop.api.Task;
import io.polyloop.scheduler.task.LoopTask;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What every primitive shares: one small lock guarding its state and wait lists, and the hand-off of served waiters
 * to their loops after the lock is released.
 *
 * <p>Pattern of every operation: under {@link #lock}, change the state and {@link #serve}/{@link #reject} the waiters
 * this lets go (they queue on a private chain), then {@link #takeServed()}; outside the lock,
 * {@link Waiter#dispatchAll}. The lock is never held while user code runs or a task completes.
 */
abstract class Waitable {
    final Object lock = new Object();
    private final Supplier<? extends Executor> loops;
    /** Served waiters not yet dispatched; guarded by {@link #lock}. */
    private Waiter<?> servedHead;
    private Waiter<?> servedTail;

    Waitable(Supplier<? extends Executor> loops) {
        this.loops = loops;
    }

    /**
     * Under {@link #lock}, after {@code w} was unlinked by its cancellation: give back what it was granted and serve
     * whoever that lets go.
     */
    abstract void onWithdrawn(Waiter<?> w);

    /** @return true if {@code w} was still waiting and is now withdrawn */
    final boolean withdraw(Waiter<?> w) {
        Waiter<?> served;
        synchronized (lock) {
            if (w.list == null) {
                return false;
            }
            w.list.remove(w);
            onWithdrawn(w);
            served = takeServed();
        }
        Waiter.dispatchAll(served);
        return true;
    }

    /** Under {@link #lock}: a new waiter bound to the caller's loop, at the end of {@code list}. */
    final <T> Waiter<T> park(WaitList<T> list) {
        Waiter<T> w = new Waiter<>(this, loops.get());
        list.addLast(w);
        return w;
    }

    /** Under {@link #lock}: unlinks {@code w}, which will complete with {@code value}. */
    final void serve(Waiter<?> w, Object value) {
        w.list.remove(w);
        w.succeed(value);
        chain(w);
    }

    /** Under {@link #lock}: unlinks {@code w}, which will fail with {@code cause}. */
    final void reject(Waiter<?> w, Throwable cause) {
        w.list.remove(w);
        w.fail(cause);
        chain(w);
    }

    private void chain(Waiter<?> w) {
        if (servedTail == null) {
            servedHead = w;
        } else {
            servedTail.next = w;
        }
        servedTail = w;
    }

    /** Under {@link #lock}: @return the served waiters in the order served, for {@link Waiter#dispatchAll} */
    final Waiter<?> takeServed() {
        Waiter<?> h = servedHead;
        servedHead = null;
        servedTail = null;
        return h;
    }

    /** @return a task already succeeded, bound to the caller's loop */
    final <T> Task<T> done(T value) {
        return LoopTask.completed(loops.get(), value);
    }

    /** @return a task already failed, bound to the caller's loop */
    final <T> Task<T> failed(Throwable cause) {
        return LoopTask.failed(loops.get(), cause);
    }
}
