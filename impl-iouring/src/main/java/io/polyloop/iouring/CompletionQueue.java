package io.polyloop.iouring;

import java.nio.ByteBuffer;

import static io.polyloop.iouring.IoUring.CQE_FLAGS;
import static io.polyloop.iouring.IoUring.CQE_RES;
import static io.polyloop.iouring.IoUring.CQE_SIZE;
import static io.polyloop.iouring.IoUring.CQE_USER_DATA;
import static io.polyloop.iouring.SubmissionQueue.U32;

/**
 * The completion side of a ring, mapped. Memory ordering: the tail is load-acquired ({@link #ready}), so the CQEs
 * the kernel wrote before its store-release of the tail are visible to the plain reads that follow; after reading
 * them we store-release the head ({@link #advance}), so the kernel does not overwrite a CQE before we are done with
 * it. Head and tail are free-running u32 counters; int arithmetic wraps exactly as the kernel's does. Not thread
 * safe: the loop thread only.
 */
final class CompletionQueue {
    private final ByteBuffer ring;
    private final int headOffset;
    private final int tailOffset;
    private final int overflowOffset;
    private final int cqesOffset;
    private final int mask;
    private final int entries;
    private int head;

    CompletionQueue(ByteBuffer ring, int headOffset, int tailOffset, int maskOffset, int entriesOffset,
                    int overflowOffset, int cqesOffset) {
        this.ring = ring;
        this.headOffset = headOffset;
        this.tailOffset = tailOffset;
        this.overflowOffset = overflowOffset;
        this.cqesOffset = cqesOffset;
        this.mask = ring.getInt(maskOffset);
        this.entries = ring.getInt(entriesOffset);
        this.head = (int) U32.getAcquire(ring, headOffset);
    }

    /** @return CQEs ready to read, after a load-acquire of the tail */
    int ready() {
        return (int) U32.getAcquire(ring, tailOffset) - head;
    }

    /** The i-th ready CQE (0 = oldest); valid until {@link #advance}. */
    long userData(int i) {
        return ring.getLong(offset(i) + CQE_USER_DATA);
    }

    int res(int i) {
        return ring.getInt(offset(i) + CQE_RES);
    }

    int flags(int i) {
        return ring.getInt(offset(i) + CQE_FLAGS);
    }

    private int offset(int i) {
        return cqesOffset + ((head + i) & mask) * CQE_SIZE;
    }

    /** Hands {@code n} read CQEs back to the kernel (store-release of the head). */
    void advance(int n) {
        head += n;
        U32.setRelease(ring, headOffset, head);
    }

    /** @return CQEs the kernel dropped for want of space (only without IORING_FEAT_NODROP, which we require) */
    int overflowCount() {
        return (int) U32.getAcquire(ring, overflowOffset);
    }

    int entries() {
        return entries;
    }

    /** For tests: our head (free-running, wraps like the kernel's). */
    int head() {
        return head;
    }
}
