package io.polyloop.api.sync;

import io.polyloop.api.Task;

/**
 * Hands one value from a sender to one receiver (Tokio's {@code oneshot}). The value may be sent before or after
 * {@link #receive()} is called. Values are never null.
 */
public interface Oneshot<T> {

    /**
     * Sends the value.
     *
     * @return true if delivered or stored for the receiver; false if a value was sent before, the sender side was
     *         closed, or the receiver cancelled its task (the value was not taken)
     */
    boolean send(T value);

    /**
     * @return a task with the value; fails with {@link ClosedException} if the sender side is closed without a value
     * @throws IllegalStateException if called a second time: there is one receiver
     */
    Task<T> receive();

    /** Drops the sender side without a value: the receiver fails. @return true if this call closed it */
    boolean close();

    /** @return true once a value was sent or the sender side was closed */
    boolean isComplete();
}
