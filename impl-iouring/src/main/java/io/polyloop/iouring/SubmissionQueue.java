package io.polyloop.iouring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.polyloop.iouring.IoUring.SQE_SIZE;

/**
 * The submission side of a ring: the SQ ring (head, tail, mask, flags, index array) and the SQE array, both mapped.
 *
 * <p>Memory ordering (liburing's rules, in Java terms): an SQE is filled with plain stores, then the new tail is
 * published with a store-release ({@link #publish}), so the kernel, which load-acquires the tail, sees complete SQEs.
 * The kernel store-releases the head after it has consumed entries; we load-acquire it ({@link #kernelHead}) before
 * reusing a slot, so we never overwrite an SQE the kernel still reads. The index array is filled once (identity)
 * at setup and never changes. Not thread safe: the loop thread only.
 */
final class SubmissionQueue {
    /** int view for the kernel-shared u32 fields: all 4-byte aligned, as acquire/release access requires. */
    static final VarHandle U32 = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final ByteBuffer ring;
    private final ByteBuffer sqes;
    private final int headOffset;
    private final int tailOffset;
    private final int flagsOffset;
    private final int mask;
    private final int entries;
    /** Our tail: SQEs handed out so far, published or not. */
    private int tail;

    SubmissionQueue(ByteBuffer ring, ByteBuffer sqes, int headOffset, int tailOffset, int flagsOffset, int maskOffset,
                    int entriesOffset, int arrayOffset) {
        this.ring = ring;
        this.sqes = sqes;
        this.headOffset = headOffset;
        this.tailOffset = tailOffset;
        this.flagsOffset = flagsOffset;
        this.mask = ring.getInt(maskOffset);
        this.entries = ring.getInt(entriesOffset);
        this.tail = (int) U32.getAcquire(ring, tailOffset);
        for (int i = 0; i < entries; i++) {
            ring.putInt(arrayOffset + 4 * i, i); // SQ index i uses SQE i, for good
        }
    }

    /** @return the byte offset in {@link #sqes()} of a zeroed SQE, or -1 if every slot waits for the kernel */
    int next() {
        if (tail - kernelHead() >= entries) {
            return -1;
        }
        int offset = (tail & mask) * SQE_SIZE;
        tail++;
        for (int i = 0; i < SQE_SIZE; i += 8) {
            sqes.putLong(offset + i, 0L);
        }
        return offset;
    }

    /** Store-release of the tail: every SQE handed out so far becomes visible to the kernel. */
    void publish() {
        U32.setRelease(ring, tailOffset, tail);
    }

    /** @return SQEs handed out that the kernel has not consumed yet (published or not) */
    int unsubmitted() {
        return tail - kernelHead();
    }

    /** Load-acquire of the head the kernel advances as it consumes SQEs. */
    int kernelHead() {
        return (int) U32.getAcquire(ring, headOffset);
    }

    /** @return the SQ ring flags (IORING_SQ_CQ_OVERFLOW, ...), load-acquired: the kernel sets them concurrently */
    int flags() {
        return (int) U32.getAcquire(ring, flagsOffset);
    }

    ByteBuffer sqes() {
        return sqes;
    }

    int entries() {
        return entries;
    }

    /** For tests: our tail (it wraps around the u32 range like the kernel's). */
    int tail() {
        return tail;
    }
}
