package io.polyloop.api.buffer;

import java.nio.ByteBuffer;

/**
 * A direct buffer on loan from a {@link BufferPool}. Close it exactly once when done; the buffer must not be used
 * afterwards (the pool hands it out again). Not thread safe.
 */
public interface PooledBuffer extends AutoCloseable {

    /**
     * @return the buffer
     * @throws IllegalStateException once closed
     */
    ByteBuffer buffer();

    /** Returns the buffer to its pool. A second close throws {@link IllegalStateException}. */
    @Override
    void close();
}
