package io.polyloop.scheduler.sync;

import io.polyloop.api.Task;
import io.polyloop.api.sync.ClosedException;
import io.polyloop.api.sync.Oneshot;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** {@link Oneshot}: a value slot and at most one waiting receiver. Thread safe. */
final class OneshotImpl<T> extends Waitable implements Oneshot<T> {
    private final WaitList<T> receiver = new WaitList<>();
    private T value;
    private boolean sent;
    private boolean closed;
    private boolean receiveCalled;
    private boolean receiverGone;

    OneshotImpl(Supplier<? extends Executor> loops) {
        super(loops);
    }

    @Override
    public boolean send(T v) {
        Objects.requireNonNull(v, "value");
        Waiter<?> served;
        synchronized (lock) {
            if (sent || closed || receiverGone) {
                return false;
            }
            sent = true;
            Waiter<T> r = receiver.peek();
            if (r == null) {
                value = v;
                return true;
            }
            serve(r, v);
            served = takeServed();
        }
        Waiter.dispatchAll(served);
        return true;
    }

    @Override
    public Task<T> receive() {
        T v;
        synchronized (lock) {
            if (receiveCalled) {
                throw new IllegalStateException("receive() called twice: a oneshot has one receiver");
            }
            receiveCalled = true;
            if (!sent) {
                return closed ? failed(closed()) : park(receiver);
            }
            v = value;
            value = null;
        }
        return done(v);
    }

    @Override
    public boolean close() {
        Waiter<?> served;
        synchronized (lock) {
            if (sent || closed) {
                return false;
            }
            closed = true;
            Waiter<T> r = receiver.peek();
            if (r != null) {
                reject(r, closed());
            }
            served = takeServed();
        }
        Waiter.dispatchAll(served);
        return true;
    }

    @Override
    public boolean isComplete() {
        synchronized (lock) {
            return sent || closed;
        }
    }

    @Override
    void onWithdrawn(Waiter<?> w) {
        receiverGone = true; // as Tokio's dropped receiver: a later send returns false
    }

    private static ClosedException closed() {
        return new ClosedException("oneshot sender closed without a value");
    }

    /** @return waiters now (a snapshot; tests check that cancelled ones left) */
    int waiting() {
        synchronized (lock) {
            return receiver.size();
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "Oneshot[" + (sent ? "sent" : closed ? "closed" : receiverGone ? "receiver gone" : "empty") + "]";
        }
    }
}
