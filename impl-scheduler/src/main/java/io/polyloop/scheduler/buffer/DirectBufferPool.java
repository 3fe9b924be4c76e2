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

    /**
     * @return a cleared buffer of {@link #bufferSize()} bytes
     * @throws OutOfMemoryError naming the limit if a new one would exceed {@code -XX:MaxDirectMemorySize}: refused
     *         at once (see {@link DirectMemory}), not after the JDK's GC and sleeps on the loop thread
     */
    public ByteBuffer acquire() {
        ByteBuffer b = free.poll();
        if (b != null) {
            b.clear();
        } else if (!DirectMemory.hasRoom(bufferSize)) {
            throw DirectMemory.exhausted(bufferSize, null);
        } else {
            try {
                b = ByteBuffer.allocateDirect(bufferSize);
            } catch (OutOfMemoryError e) { // another thread took the last bytes meanwhile
                throw DirectMemory.exhausted(bufferSize, e);
            }
        }
        outstanding++;
        return b;
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
