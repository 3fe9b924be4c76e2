package io.polyloop.iouring;

import io.polyloop.posix.Errors;
import io.polyloop.posix.NativeMemory;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

import static io.polyloop.iouring.IoUring.BUF_ADDR;
import static io.polyloop.iouring.IoUring.BUF_BID;
import static io.polyloop.iouring.IoUring.BUF_LEN;
import static io.polyloop.iouring.IoUring.BUF_REG_BGID;
import static io.polyloop.iouring.IoUring.BUF_REG_RING_ADDR;
import static io.polyloop.iouring.IoUring.BUF_REG_RING_ENTRIES;
import static io.polyloop.iouring.IoUring.BUF_REG_SIZE;
import static io.polyloop.iouring.IoUring.BUF_RING_TAIL;
import static io.polyloop.iouring.IoUring.BUF_SIZE;
import static io.polyloop.iouring.IoUring.REGISTER_PBUF_RING;
import static io.polyloop.iouring.IoUring.UNREGISTER_PBUF_RING;

/**
 * A provided-buffer ring (IORING_REGISTER_PBUF_RING, group {@link #GROUP}) that multishot RECVs pick their buffers
 * from: {@code count} buffers of {@code size} bytes in one native block, and the ring of {@code struct io_uring_buf}
 * in page-aligned memory the kernel reads. A CQE with IORING_CQE_F_BUFFER names the buffer it filled; the driver
 * copies the bytes out and {@link #recycle}s the buffer at once, so the ring only runs dry (ENOBUFS) while
 * completions wait to be reaped. Ordering: the entry is written with plain stores, the u16 tail (which overlays the
 * {@code resv} of entry 0) after a release fence, as liburing's io_uring_buf_ring_advance does. The buffers stay
 * mapped until {@link #close} has unregistered the ring. The buffers are an anonymous mapping, not malloc'd memory:
 * the kernel hands them over zeroed and pre-faulted, where zeroing 1 MiB from Java in a cold JVM took 60-80 ms of the
 * first driver open (measured with the loop paused in a hot swap). Not thread safe: loop thread only.
 */
final class BufferRing {
    static final int GROUP = 0;

    private final Ring ring;
    private final Mapping entries;
    private final Mapping buffers;
    private final ByteBuffer view;
    /** Another view of all buffers whose position and limit never change, for absolute copies. */
    private final ByteBuffer whole;
    /** Buffers held out of the ring by {@link Feed}s. */
    private int held;
    private final int count;
    private final int size;
    private final int mask;
    private short tail;
    private boolean registered;

    private BufferRing(Ring ring, Mapping entries, Mapping buffers, int count, int size) {
        this.ring = ring;
        this.entries = entries;
        this.buffers = buffers;
        this.view = buffers.buffer().duplicate();
        this.whole = buffers.buffer().duplicate();
        this.count = count;
        this.size = size;
        this.mask = count - 1;
    }

    /**
     * @param count a power of two, 1..32768
     * @param size  bytes per buffer, at least 1
     * @throws IOException naming the errno if the kernel refuses the registration (before Linux 5.19: EINVAL)
     */
    static BufferRing register(Ring ring, int count, int size) throws IOException {
        if (count < 1 || count > 32768 || Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("buffer ring count " + count + " is not a power of two in 1..32768");
        }
        if (size < 1 || (long) count * size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("buffer size " + size + " x " + count + " is out of range");
        }
        Mapping entries = Mapping.anonymous(Math.max(4096L, (long) count * BUF_SIZE));
        Mapping buffers;
        try {
            buffers = Mapping.anonymousPopulated((long) count * size);
        } catch (IOException | RuntimeException e) {
            entries.unmap();
            throw e;
        }
        BufferRing b = new BufferRing(ring, entries, buffers, count, size);
        NativeMemory reg = NativeMemory.allocate(BUF_REG_SIZE);
        try {
            ByteBuffer r = reg.buffer();
            for (int i = 0; i < BUF_REG_SIZE; i += 8) {
                r.putLong(i, 0L);
            }
            r.putLong(BUF_REG_RING_ADDR, entries.address());
            r.putInt(BUF_REG_RING_ENTRIES, count);
            r.putShort(BUF_REG_BGID, (short) GROUP);
            int res = ring.register(REGISTER_PBUF_RING, reg.address(), 1);
            if (res < 0) {
                entries.unmap();
                buffers.unmap();
                throw Errors.exception(-res, "IORING_REGISTER_PBUF_RING(" + count + " x " + size + " bytes)");
            }
        } finally {
            reg.free();
        }
        b.registered = true;
        for (int bid = 0; bid < count; bid++) {
            b.put(bid);
        }
        b.publish();
        return b;
    }

    int size() {
        return size;
    }

    int count() {
        return count;
    }

    /**
     * The {@code length} bytes {@code bid} holds, between position and limit of one shared view (no allocation):
     * valid until the next call or until {@code bid} is recycled.
     */
    ByteBuffer slice(int bid, int length) {
        assert bid >= 0 && bid < count && length <= size : "buffer " + bid + ", " + length + " bytes";
        view.clear();
        view.position(bid * size);
        view.limit(bid * size + length);
        return view;
    }

    /** @return the offset of buffer {@code bid} in {@link #whole()} */
    int offsetOf(int bid) {
        return bid * size;
    }

    /** Every buffer, for absolute copies at {@link #offsetOf}; position and limit must not be changed. */
    ByteBuffer whole() {
        return whole;
    }

    /**
     * Whether a {@link Feed} may keep one more buffer out of the ring: at most an eighth of them are held, so that
     * readers that lag cannot run the ring dry (ENOBUFS ends every multishot RECV that finds it empty, and each must
     * be armed again). Measured, 4 KiB echo over 100 connections on the default 64-buffer ring: with half the ring
     * holdable, ENOBUFS went from 5 347 to 30 228 and re-arms from 10 495 to 37 177 per run.
     */
    boolean mayHold() {
        return held < count / 8;
    }

    /** A buffer a CQE named is kept out of the ring. */
    void hold() {
        held++;
    }

    /** A held buffer is used up: back to the ring, visible to the kernel at once. */
    void releaseHeld(int bid) {
        held--;
        put(bid);
        publish();
    }

    int heldCount() {
        return held;
    }

    /** Gives {@code bid} back to the kernel (visible at the next {@link #publish}). */
    void recycle(int bid) {
        put(bid);
    }

    private void put(int bid) {
        int at = (tail & mask) * BUF_SIZE;
        ByteBuffer e = entries.buffer();
        e.putLong(at + BUF_ADDR, buffers.address() + (long) bid * size);
        e.putInt(at + BUF_LEN, size);
        e.putShort(at + BUF_BID, (short) bid);
        tail++;
    }

    /** Makes the recycled buffers visible to the kernel: a release fence, then the u16 tail. */
    void publish() {
        VarHandle.releaseFence();
        entries.buffer().putShort(BUF_RING_TAIL, tail);
    }

    /**
     * Unregisters the ring, then frees the buffers. The caller has reaped every CQE of the RECVs that used it;
     * nothing is freed if the kernel refuses the unregistration (it would still own the memory).
     */
    void close() {
        if (!registered) {
            return;
        }
        registered = false;
        NativeMemory reg = NativeMemory.allocate(BUF_REG_SIZE);
        try {
            ByteBuffer r = reg.buffer();
            for (int i = 0; i < BUF_REG_SIZE; i += 8) {
                r.putLong(i, 0L);
            }
            r.putShort(BUF_REG_BGID, (short) GROUP);
            int res = ring.register(UNREGISTER_PBUF_RING, reg.address(), 1);
            if (res < 0 && !ring.isClosed()) {
                Leaks.keep(this);
                return;
            }
        } finally {
            reg.free();
        }
        entries.unmap();
        buffers.unmap();
    }
}
