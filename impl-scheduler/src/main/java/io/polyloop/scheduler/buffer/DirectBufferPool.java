package io.polyloop.scheduler.buffer;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers of one size for a loop's staging copies (heap data in and out of the kernel). Bound: at most
 * {@code maxRetained} buffers are kept for reuse ({@code maxRetained * bufferSize} bytes per loop); beyond that a
 * released buffer is left to the garbage collector. Not thread safe: loop only.
 */
public final class DirectBufferPool {
    public static final int DEFAULT_BUFFER_SIZE = 64 * 1024;
    public static final int DEFAULT_MAX_RETAINED = 64;

    private final int bufferSize;
    private final int maxRetained;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private int outstanding;

    public DirectBufferPool(int bufferSize, int maxRetained) {
        if (bufferSize < 1 || maxRetained < 0) {
            throw new IllegalArgumentException("bufferSize " + bufferSize + ", maxRetained " + maxRetained);
        }
        this.bufferSize = bufferSize;
        this.maxRetained = maxRetained;
    }

    /** @return a cleared buffer of {@link #bufferSize()} bytes */
    public ByteBuffer acquire() {
        ByteBuffer b = free.poll();
        outstanding++;
        return b != null ? b.clear() : ByteBuffer.allocateDirect(bufferSize);
    }

    public void release(ByteBuffer b) {
        if (b.capacity() != bufferSize || !b.isDirect()) {
            throw new IllegalArgumentException("buffer does not belong to this pool");
        }
        outstanding--;
        if (free.size() < maxRetained) {
            free.push(b);
        }
    }

    public int bufferSize() {
        return bufferSize;
    }

    /** @return buffers acquired and not yet released (a leak check for tests) */
    public int outstanding() {
        return outstanding;
    }
}
