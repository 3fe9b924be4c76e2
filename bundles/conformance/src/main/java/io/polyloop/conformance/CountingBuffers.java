package io.polyloop.conformance;

import io.polyloop.spi.RecvBufferSource;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link RecvBufferSource} that counts the buffers out (taken and not given back, nor released by the test), so a
 * test sees whether a waiting RECV_SELECT holds one. Fresh direct buffers of a fixed size; a buffer given back twice or
 * one it never gave out fails the test. Any thread may read the counts.
 */
public final class CountingBuffers implements RecvBufferSource {
    private final int size;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicInteger taken = new AtomicInteger();
    private volatile ByteBuffer last;

    public CountingBuffers(int size) {
        this.size = size;
    }

    @Override
    public ByteBuffer take() {
        if (last != null) {
            throw new AssertionError("a second buffer taken before the first went back or was delivered");
        }
        outstanding.incrementAndGet();
        taken.incrementAndGet();
        last = ByteBuffer.allocateDirect(size);
        return last;
    }

    @Override
    public void giveBack(ByteBuffer buffer) {
        if (buffer != last) {
            throw new AssertionError("given back a buffer this source did not hand out last: " + buffer);
        }
        last = null;
        outstanding.decrementAndGet();
    }

    /** The test is done with a buffer a RECV_SELECT delivered (result > 0). */
    public void release(ByteBuffer delivered) {
        if (delivered != last) {
            throw new AssertionError("released a buffer this source did not hand out last: " + delivered);
        }
        last = null;
        outstanding.decrementAndGet();
    }

    /** @return buffers taken and neither given back nor released */
    public int outstanding() {
        return outstanding.get();
    }

    /** @return buffers taken in all */
    public int taken() {
        return taken.get();
    }
}
