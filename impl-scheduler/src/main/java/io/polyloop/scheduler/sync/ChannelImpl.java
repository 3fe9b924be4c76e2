package io.polyloop.scheduler.sync;

import io.polyloop.api.Task;
import io.polyloop.api.sync.Channel;
import io.polyloop.api.sync.ClosedException;
import io.polyloop.api.sync.SyncPrimitives;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * {@link Channel} over a ring buffer and two wait lists. Invariants (under the lock): receivers wait only while the
 * buffer is empty, senders only while it is full; so a send first serves the oldest receiver, a receive refills the
 * slot it freed from the oldest sender. Thread safe.
 */
final class ChannelImpl<T> extends Waitable implements Channel<T> {
    private final Object[] ring;
    private final WaitList<T> receivers = new WaitList<>();
    private final WaitList<Void> senders = new WaitList<>();
    private int head;
    private int size;
    private boolean closed;

    ChannelImpl(int capacity, Supplier<? extends Executor> loops) {
        super(loops);
        if (capacity < 1 || capacity > SyncPrimitives.MAX_CHANNEL_CAPACITY) {
            throw new IllegalArgumentException("channel capacity " + capacity + " is out of range; accepted: 1 to "
                    + SyncPrimitives.MAX_CHANNEL_CAPACITY);
        }
        this.ring = new Object[capacity];
    }

    @Override
    public Task<Void> send(T message) {
        Objects.requireNonNull(message, "message");
        Waiter<?> served;
        synchronized (lock) {
            if (closed) {
                return failed(closedToSenders());
            }
            if (!offer(message)) {
                Waiter<Void> w = park(senders);
                w.payload = message;
                return w;
            }
            served = takeServed();
        }
        Waiter.dispatchAll(served);
        return done(null);
    }

    @Override
    public boolean trySend(T message) {
        Objects.requireNonNull(message, "message");
        Waiter<?> served;
        synchronized (lock) {
            if (closed) {
                throw closedToSenders();
            }
            if (!offer(message)) {
                return false;
            }
            served = takeServed();
        }
        Waiter.dispatchAll(served);
        return true;
    }

    /** Under the lock: hands {@code message} to the oldest receiver, or buffers it. @return false if full */
    private boolean offer(T message) {
        Waiter<T> r = receivers.peek();
        if (r != null) {
            assert size == 0 : "receivers wait with " + size + " buffered";
            serve(r, message);
            return true;
        }
        if (size == ring.length) {
            return false;
        }
        ring[(head + size) % ring.length] = message;
        size++;
        return true;
    }

    @Override
    public Task<T> receive() {
        T message;
        Waiter<?> served;
        synchronized (lock) {
            message = poll();
            if (message == null) {
                if (closed) {
                    return failed(drained());
                }
                return park(receivers);
            }
            served = takeServed();
        }
        Waiter.dispatchAll(served);
        return done(message);
    }

    @Override
    public T tryReceive() {
        T message;
        Waiter<?> served;
        synchronized (lock) {
            message = poll();
            if (message == null) {
                if (closed) {
                    throw drained();
                }
                return null;
            }
            served = takeServed();
        }
        Waiter.dispatchAll(served);
        return message;
    }

    /** Under the lock: takes the oldest message and refills its slot from the oldest sender. @return null if empty */
    @SuppressWarnings("unchecked")
    private T poll() {
        if (size == 0) {
            return null;
        }
        T message = (T) ring[head];
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
        Waiter<Void> s = senders.peek();
        if (s != null) {
            ring[(head + size) % ring.length] = s.payload;
            size++;
            s.payload = null;
            serve(s, null);
        }
        return message;
    }

    @Override
    public boolean close() {
        Waiter<?> served;
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = true;
            for (Waiter<T> r = receivers.peek(); r != null; r = receivers.peek()) {
                reject(r, drained());
            }
            for (Waiter<Void> s = senders.peek(); s != null; s = senders.peek()) {
                s.payload = null;
                reject(s, closedToSenders());
            }
            served = takeServed();
        }
        Waiter.dispatchAll(served);
        return true;
    }

    @Override
    void onWithdrawn(Waiter<?> w) {
        w.payload = null; // a withdrawn send takes its message back
    }

    @Override
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    @Override
    public int size() {
        synchronized (lock) {
            return size;
        }
    }

    @Override
    public int capacity() {
        return ring.length;
    }

    private static ClosedException closedToSenders() {
        return new ClosedException("channel is closed: no more messages are accepted");
    }

    private static ClosedException drained() {
        return new ClosedException("channel is closed and every buffered message has been received");
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "Channel[" + size + "/" + ring.length + (closed ? ", closed" : "") + ", " + receivers.size()
                    + " receivers and " + senders.size() + " senders waiting]";
        }
    }
}
