package io.polyloop.scheduler.sync;

import io.polyloop.scheduler.task.LoopTask;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One pending request on a primitive: the task its caller holds and a node of the primitive's {@link WaitList}.
 *
 * <p>Served or withdrawn, never both: both happen under the owner's lock and only while the waiter is linked
 * ({@code list != null}). A served waiter carries its result to its loop, where {@link #run()} completes the inner
 * task; the owner's lock is never held then, so no continuation runs under it. The fields below are guarded by the
 * owner's lock; the result is published to the loop by {@link Executor#execute}'s hand-off.
 *
 * <p>Footprint: 48 bytes (compressed oops) plus the inner task's 32: the loop is the inner task's own executor,
 * and one field carries the message while waiting and the result once served.
 */
final class Waiter<T> extends ForwardingTask<T> implements Runnable {
    private final Waitable owner;

    /** The list this waiter is linked in; null once served or withdrawn. */
    WaitList<?> list;
    /** Links in {@link #list}; {@code next} also chains served waiters until they are dispatched. */
    Waiter<?> prev;
    Waiter<?> next;
    /**
     * What the request carries while it waits (a channel sender's message, taken by whoever serves it); once served,
     * what it is given: the result, or the failure if {@link #failed}.
     */
    Object payload;
    /** How much it asks: a semaphore's permits, {@link RwLockImpl}'s mode. */
    int amount;
    /** How much it was given so far: permits a semaphore set aside for it. */
    int granted;

    private boolean failed;

    Waiter(Waitable owner, Executor loop) {
        super(new LoopTask<>(loop));
        this.owner = owner;
    }

    /** Under the owner's lock, once unlinked (a sender's message has been taken or dropped by then). */
    void succeed(Object value) {
        this.payload = value;
    }

    /** Under the owner's lock, once unlinked. */
    void fail(Throwable cause) {
        this.payload = cause;
        this.failed = true;
    }

    /**
     * Withdraws the request if it still waits, then cancels the task. Returns false if it was served first: the
     * task completes with what it was given.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (!owner.withdraw(this)) {
            return false;
        }
        return task.cancel(mayInterruptIfRunning);
    }

    /** Completes the task on its loop; if the loop refuses (it has shut down, or its queue is full), here. */
    void dispatch() {
        try {
            task.defaultExecutor().execute(this); // the loop the waiter was bound to
        } catch (RejectedExecutionException refused) {
            run();
        }
    }

    /** Runs on the waiter's loop: completes the task, which runs its continuations. */
    @Override
    @SuppressWarnings("unchecked")
    public void run() {
        Object outcome = payload;
        payload = null;
        if (failed) {
            task.completeExceptionally((Throwable) outcome);
        } else {
            task.complete((T) outcome);
        }
    }

    /** Dispatches a chain of served waiters linked by {@code next}. Called without any lock held. */
    static void dispatchAll(Waiter<?> head) {
        while (head != null) {
            Waiter<?> following = head.next;
            head.next = null;
            head.dispatch();
            head = following;
        }
    }
}
