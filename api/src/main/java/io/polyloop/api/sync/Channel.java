package io.polyloop.api.sync;

import io.polyloop.api.Task;

/**
 * A bounded multi-producer multi-consumer FIFO queue of messages (Tokio's {@code mpsc} with any number of receivers).
 * Each message goes to exactly one receiver. Messages are never null.
 *
 * <p>{@link #close()} stops sending: waiting and later senders fail with {@link ClosedException} and their messages are
 * not queued; receivers first drain what is buffered, then fail with {@link ClosedException}.
 *
 * <p>Memory: a buffer of {@link #capacity()} slots allocated once, plus one waiter per pending {@code send}/{@code
 * receive} task.
 */
public interface Channel<T> {

    /**
     * Queues {@code message}, waiting while the buffer is full. A waiting receiver gets it directly.
     *
     * @return a task that succeeds once the message is queued or handed over, fails with {@link ClosedException} if
     *         the channel is or gets closed first; cancelling it while it waits withdraws the message
     */
    Task<Void> send(T message);

    /**
     * @return true if queued or handed to a waiting receiver, false if the buffer is full
     * @throws ClosedException if the channel is closed
     */
    boolean trySend(T message);

    /** @return a task with the oldest message, waiting while none is buffered; fails with {@link ClosedException}
     *         once the channel is closed and drained */
    Task<T> receive();

    /**
     * @return the oldest buffered message, or null if none is buffered
     * @throws ClosedException if the channel is closed and drained
     */
    T tryReceive();

    /** Closes the sending side; idempotent. @return true if this call closed it */
    boolean close();

    boolean isClosed();

    /** @return messages buffered now (a snapshot) */
    int size();

    int capacity();
}
