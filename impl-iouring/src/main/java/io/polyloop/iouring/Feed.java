package io.polyloop.iouring;

import io.polyloop.spi.CarriedInput;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The multishot side of one handle ({@link HandleState#feed}): the one multishot ACCEPT or RECV in the kernel, and
 * what it produced that no request was waiting for: accepted connections (bounded: at {@link #BACKLOG_MAX} the
 * multishot is cancelled until requests take some) or stream bytes (copied out of the provided buffer so that the
 * buffer goes back to the ring at once; over {@link #LEFTOVER_SOFT_MAX} the multishot is cancelled, but bytes the
 * kernel had already received still go in: they are never dropped), then the error or end of stream that ended it.
 * Not thread safe: loop thread only.
 */
final class Feed {
    static final int BACKLOG_MAX = 64;
    /**
     * Small on purpose: bytes kept here left the socket, so TCP flow control no longer holds the sender back for them;
     * a reader that stops must stop the kernel reading soon (what the CQEs already reaped carry still goes in).
     */
    static final int LEFTOVER_SOFT_MAX = 16 * 1024;

    /** The user_data of the multishot op in the kernel, 0 if none. */
    long armed;
    /** An ASYNC_CANCEL was sent for {@link #armed}. */
    boolean cancelSent;
    /** Connections accepted ahead of their ACCEPT. */
    final ArrayDeque<CarriedInput.Accepted> backlog = new ArrayDeque<>();
    /** Stream bytes received ahead of their RECV, between position and limit; null until first needed. */
    private ByteBuffer leftover;
    /** 0 (end of stream) or -errno that ended the stream after the leftover; 1 while nothing ended it. */
    int end = 1;

    boolean hasLeftover() {
        return leftover != null && leftover.hasRemaining();
    }

    int leftoverBytes() {
        return leftover == null ? 0 : leftover.remaining();
    }

    /** Copies as much leftover as fits into {@code dst} from its position, which stays. @return bytes copied */
    int takeLeftover(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), leftoverBytes());
        if (n > 0) {
            dst.put(dst.position(), leftover, leftover.position(), n);
            leftover.position(leftover.position() + n);
        }
        return n;
    }

    /** Appends received bytes (the whole of {@code src}); grows the store when it must, never drops. */
    void keep(ByteBuffer src) {
        int n = src.remaining();
        if (leftover == null) {
            leftover = ByteBuffer.allocateDirect(Math.max(n, 16 * 1024)).flip();
        }
        if (leftover.capacity() - leftover.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(leftover.capacity() * 2, leftover.remaining() + n));
            bigger.put(leftover).flip();
            leftover = bigger;
        }
        leftover.compact().put(src).flip();
    }

    /** Whether the multishot should stay off until requests take what is kept. */
    boolean full() {
        return backlog.size() >= BACKLOG_MAX || leftoverBytes() >= LEFTOVER_SOFT_MAX;
    }

    /** Detach: what travels to the next driver (null if nothing). */
    CarriedInput carry() {
        CarriedInput c = new CarriedInput(hasLeftover() ? leftover : null, List.copyOf(backlog), end < 0 ? end : 0);
        backlog.clear();
        leftover = null;
        end = 1;
        return c.isEmpty() ? null : c;
    }

    /** Adopt: serves what the previous driver had received first. */
    void adopt(CarriedInput c) {
        if (c.hasBytes()) {
            keep(c.remainingBytes());
        }
        CarriedInput.Accepted a;
        while ((a = c.pollAccepted()) != null) {
            backlog.add(a);
        }
        if (c.error() < 0) {
            end = c.error();
        }
    }
}
