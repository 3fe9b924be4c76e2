package io.polyloop.api.sync;

/**
 * Creates the async primitives of one runtime: their tasks complete on that runtime's loops. Thread safe. Each
 * factory method returns a new, independent primitive.
 */
public interface SyncPrimitives {

    /** Upper bound of a {@link Channel}'s capacity: its buffer is allocated when the channel is created. */
    int MAX_CHANNEL_CAPACITY = 1 << 20;

    /**
     * @param capacity messages buffered before {@code send} waits: 1 to {@link #MAX_CHANNEL_CAPACITY}
     * @throws IllegalArgumentException if {@code capacity} is out of range
     */
    <T> Channel<T> channel(int capacity);

    <T> Oneshot<T> oneshot();

    /** @return an unlocked, fair mutex */
    Mutex mutex();

    /**
     * @param permits initial permits, 0 to {@link Integer#MAX_VALUE}
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    Semaphore semaphore(int permits);

    /** @return an unlocked, fair readers-writer lock */
    RwLock rwLock();

    /**
     * @param parties tasks that must call {@link Barrier#await()} before all of them proceed, at least 1
     * @throws IllegalArgumentException if {@code parties} is less than 1
     */
    Barrier barrier(int parties);

    /** @return a {@link Notify} without a stored permit (named so because {@code Object.notify()} is final) */
    Notify notifier();
}
