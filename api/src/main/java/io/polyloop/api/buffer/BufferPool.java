package io.polyloop.api.buffer;

/**
 * Pooled direct buffers, shared by everything on one runtime. Capacities are rounded up to a power of two from
 * {@value #MIN_CAPACITY} bytes to {@value #MAX_CAPACITY} bytes; larger requests are refused. Bound: at most
 * {@link #maxRetainedBytes()} bytes of released buffers are kept for reuse, the rest are left to the garbage
 * collector. Leak detection may be sampled (the runtime's pool tracks 1 loan in 128 by default: the runtime settings
 * {@code leakSampling} and {@code trackLeaks}): a tracked buffer dropped without {@link PooledBuffer#close()} is
 * detected when collected: it is counted in {@link #leaks()} and logged, and is not reused. Thread safe.
 */
public interface BufferPool {
    int MIN_CAPACITY = 4096;
    int MAX_CAPACITY = 1 << 20;

    /**
     * @return a cleared direct buffer of at least {@code capacity} bytes (limit = its capacity)
     * @throws IllegalArgumentException if {@code capacity} is negative or above {@value #MAX_CAPACITY}
     */
    PooledBuffer acquire(int capacity);

    /**
     * @return buffers acquired and not yet closed, exact; a leak found by the tracking ({@link #leaks()}) no longer
     * counts, an untracked one stays counted
     */
    int outstanding();

    /** @return bytes of released buffers kept for reuse now */
    long retainedBytes();

    /** @return the most bytes kept for reuse */
    long maxRetainedBytes();

    /**
     * @return tracked buffers collected by the GC without having been closed: with sampled tracking, about one leak in
     * the sampling rate is found, so 0 means "none seen", not "none"
     */
    long leaks();
}
