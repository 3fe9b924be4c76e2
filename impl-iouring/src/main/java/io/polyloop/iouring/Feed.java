package io.polyloop.iouring;

import io.polyloop.spi.CarriedInput;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The multishot side of one handle ({@link HandleState#feed}): the one multishot ACCEPT or RECV in the kernel, and
 * what it produced that no request was waiting for: accepted connections (at {@link #BACKLOG_MAX} the multishot is
 * cancelled until requests take some; that is a soft bound: one run of the kernel's task work can accept the whole
 * listen backlog before the cancel lands, and every connection accepted is kept, never dropped: s8 saw up to 1,024)
 * or stream bytes, then the error or end of stream that ended it.
 * Stream bytes stay in their provided buffer, held out of the ring until a RECV copies them out (so they are copied
 * once), up to {@link #HELD_MAX} buffers per handle and an eighth of the ring in all ({@link BufferRing#mayHold});
 * past that they are copied into a store and the buffer goes back at once. Over {@link #LEFTOVER_SOFT_MAX} kept
 * bytes the multishot is cancelled, but bytes the kernel had already received still go in: they are never dropped.
 * Not thread safe: loop thread only.
 */
final class Feed {
    static final int BACKLOG_MAX = 64;
    /**
     * Small on purpose: bytes kept here left the socket, so TCP flow control no longer holds the sender back for them;
     * a reader that stops must stop the kernel reading soon (what the CQEs already reaped carry still goes in).
     */
    static final int LEFTOVER_SOFT_MAX = 16 * 1024;

    /** At most this many provided buffers held per handle; past it received bytes are copied into the store. */
    static final int HELD_MAX = 4;

    /** The user_data of the multishot op in the kernel, 0 if none. */
    long armed;
    /** An ASYNC_CANCEL was sent for {@link #armed}. */
    boolean cancelSent;
    /** {@link #armed} is a multishot RECV (false: a single-shot one, or an ACCEPT). */
    boolean armedMultishot;
    /** {@link #armed} is a POLL_ADD(POLLIN) of a {@link #lagging} stream: its read is filled by recv(2) when it fires. */
    boolean armedPoll;
    /**
     * Reads of this stream lag what arrives: the last multishot RECV filled the feed and was cancelled, so each RECV
     * that waits arms one single-shot POLL_ADD(POLLIN), and when it fires one recv(2) fills the RECV's own buffer (no
     * read-ahead, no provided buffer: the kernel copies once, straight into the read, as much as it holds), until a
     * read brings less than a provided buffer (the socket was drained: reads keep up again, multishot is armed again).
     * Measured, 4 KiB echo over 100 connections: without it a third of the bytes arrived ahead of their RECV and were
     * copied twice, and the multishot op was cancelled and re-armed every ~15 messages; at 64 B the feed never fills
     * and multishot stays armed.
     */
    boolean lagging;
    /**
     * Connections accepted ahead of their ACCEPT; made by the first (a stream's feed never has one: every idle
     * io_uring connection has a feed, and an empty deque is 48 bytes).
     */
    private ArrayDeque<CarriedInput.Accepted> backlog;
    /** Where the held buffers come from and go back to; null on a driver without a buffer ring. */
    private final BufferRing ring;
    /**
     * Provided buffers holding received bytes ahead of their RECV, oldest first (a ring of {@link #HELD_MAX}): kept out
     * of the buffer ring until a RECV has copied them out, so those bytes are copied once, into the RECV's buffer.
     * All of them are older than any byte of {@link #leftover}. Allocated at the first hold: a stream whose reads keep
     * up never holds one (every idle connection has a feed).
     */
    private int[] heldBid;
    private int[] heldOff;
    private int[] heldLen;
    private int heldFirst;
    private int heldCount;
    private int heldBytes;
    /** Stream bytes received ahead of their RECV, between position and limit; null until first needed. */
    private ByteBuffer leftover;
    /** 0 (end of stream) or -errno that ended the stream after the leftover; 1 while nothing ended it. */
    int end = 1;

    Feed(BufferRing ring) {
        this.ring = ring;
    }

    boolean hasLeftover() {
        return heldCount > 0 || leftover != null && leftover.hasRemaining();
    }

    int leftoverBytes() {
        return heldBytes + (leftover == null ? 0 : leftover.remaining());
    }

    /**
     * Copies as much kept input as fits into {@code dst} from its position, which stays; held buffers that are used
     * up go back to the ring. @return bytes copied
     */
    int takeLeftover(ByteBuffer dst) {
        int at = dst.position();
        int room = dst.remaining();
        while (room > 0 && heldCount > 0) {
            int i = heldFirst;
            int n = Math.min(room, heldLen[i]);
            dst.put(at, ring.whole(), ring.offsetOf(heldBid[i]) + heldOff[i], n);
            at += n;
            room -= n;
            heldOff[i] += n;
            heldLen[i] -= n;
            heldBytes -= n;
            if (heldLen[i] == 0) {
                ring.releaseHeld(heldBid[i]);
                heldFirst = (heldFirst + 1) % HELD_MAX;
                heldCount--;
            }
        }
        if (room > 0 && leftover != null && leftover.hasRemaining()) {
            int n = Math.min(room, leftover.remaining());
            dst.put(at, leftover, leftover.position(), n);
            leftover.position(leftover.position() + n);
            at += n;
        }
        return at - dst.position();
    }

    /**
     * Keeps the bytes of provided buffer {@code bid} between the position and limit of {@code src} (its
     * {@link BufferRing#slice}): the buffer itself is held when the order allows and the per-handle and ring-wide
     * bounds leave room, else they are copied into the store.
     *
     * @return true if the buffer is held (the caller must not recycle it), false if it was copied
     */
    boolean keep(int bid, ByteBuffer src) {
        if (ring != null && (leftover == null || !leftover.hasRemaining()) && heldCount < HELD_MAX
                && ring.mayHold()) {
            if (heldBid == null) {
                heldBid = new int[HELD_MAX];
                heldOff = new int[HELD_MAX];
                heldLen = new int[HELD_MAX];
            }
            int i = (heldFirst + heldCount) % HELD_MAX;
            heldBid[i] = bid;
            heldOff[i] = src.position() - ring.offsetOf(bid);
            heldLen[i] = src.remaining();
            heldBytes += src.remaining();
            heldCount++;
            ring.hold();
            src.position(src.limit());
            return true;
        }
        keep(src);
        return false;
    }

    /**
     * Appends received bytes (the whole of {@code src}) to the store; grows it when it must, never drops. The store is
     * on the heap: it is only ever copied from (into a RECV's buffer, or carried on a swap), never given to the
     * kernel, and this runs inside the driver's poll, where running out of direct memory would stop the loop with
     * every connection on it (the bytes are already out of the socket and cannot be left there).
     */
    void keep(ByteBuffer src) {
        int n = src.remaining();
        if (leftover == null) {
            leftover = ByteBuffer.allocate(Math.max(n, 16 * 1024)).flip();
        }
        if (leftover.capacity() - leftover.limit() < n) {
            if (leftover.capacity() - leftover.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(leftover.capacity() * 2,
                        leftover.remaining() + n));
                bigger.put(leftover).flip();
                leftover = bigger;
            } else {
                leftover.compact().flip(); // moves the kept bytes only when the end has no room for these
            }
        }
        int lim = leftover.limit();
        leftover.limit(lim + n);
        leftover.put(lim, src, src.position(), n);
        src.position(src.limit());
    }

    /** Whether the multishot should stay off until requests take what is kept. */
    boolean full() {
        return backlog != null && backlog.size() >= BACKLOG_MAX || leftoverBytes() >= LEFTOVER_SOFT_MAX;
    }

    /** A connection accepted ahead of its ACCEPT waits here. */
    void addAccepted(CarriedInput.Accepted a) {
        if (backlog == null) {
            backlog = new ArrayDeque<>(1);
        }
        backlog.add(a);
    }

    /** @return how many connections wait, accepted ahead of their ACCEPT */
    int backlogSize() {
        return backlog == null ? 0 : backlog.size();
    }

    /** @return the oldest connection accepted ahead of its ACCEPT, or null */
    CarriedInput.Accepted pollAccepted() {
        return backlog == null ? null : backlog.poll();
    }

    /** Detach or close: what travels to the next driver (null if nothing); held buffers go back to the ring. */
    CarriedInput carry() {
        ByteBuffer bytes = null;
        if (hasLeftover()) {
            bytes = ByteBuffer.allocate(leftoverBytes()); // CarriedInput copies it to the heap anyway
            bytes.position(takeLeftover(bytes)).flip();
        }
        CarriedInput c = new CarriedInput(bytes, backlog == null ? List.of() : List.copyOf(backlog),
                end < 0 ? end : 0);
        backlog = null;
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
            addAccepted(a);
        }
        if (c.error() < 0) {
            end = c.error();
        }
    }
}
