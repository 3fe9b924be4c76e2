package io.polyloop.iouring;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ring itself, with NOPs: index wrap-around, a full SQ, a full CQ whose overflow the kernel holds back. */
class RingMechanicsTest {
    private static final int ENTRIES = 16;
    private Ring ring;

    @BeforeEach
    void open() throws IOException {
        Assumptions.assumeTrue(new IoUringBackendProvider().probe().isAvailable());
        ring = Ring.open(ENTRIES, ENTRIES, 0); // CQ as small as the SQ: easy to overflow
        assertEquals(ENTRIES, ring.sq.entries());
        assertEquals(ENTRIES, ring.cq.entries());
    }

    @AfterEach
    void close() {
        if (ring != null) {
            ring.close();
        }
    }

    private void nop(long userData) throws IOException {
        Sqe.prep(ring.sq.sqes(), ring.sqe(), IoUring.OP_NOP, -1, 0, 0, 0, 0, userData);
    }

    /** Reaps everything, overflow included; marks each user_data seen and fails on a duplicate. */
    private int reap(BitSet seen) {
        int total = 0;
        for (;;) {
            int n = ring.cq.ready();
            if (n == 0) {
                if (!ring.cqOverflowed()) {
                    return total;
                }
                assertTrue(ring.enter(0) >= 0);
                continue;
            }
            for (int i = 0; i < n; i++) {
                int id = (int) ring.cq.userData(i);
                assertEquals(0, ring.cq.res(i), "NOP result");
                assertFalse(seen.get(id), "user_data " + id + " completed twice");
                seen.set(id);
            }
            ring.cq.advance(n);
            total += n;
        }
    }

    @Test
    @Timeout(20)
    void headAndTailWrapAroundTheRingManyTimes() throws IOException {
        int rounds = 200; // 200 x 11 NOPs: the 16-slot indices wrap ~137 times, at odd offsets
        BitSet seen = new BitSet();
        int id = 0;
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 11; k++) {
                nop(id++);
            }
            assertTrue(ring.enter(-1) >= 0, "submit and wait");
            reap(seen);
        }
        reap(seen);
        assertEquals(id, seen.cardinality());
        assertEquals(id, ring.sq.tail() - 0, "our SQ tail counted every SQE");
        assertEquals(id, ring.cq.head(), "our CQ head counted every CQE");
    }

    @Test
    @Timeout(20)
    void aFullSqIsFlushedToTheKernel() throws IOException {
        for (int i = 0; i < ENTRIES; i++) {
            assertTrue(ring.sq.next() >= 0);
        }
        assertEquals(-1, ring.sq.next(), "the 17th SQE does not fit before the kernel consumed some");
        assertEquals(ENTRIES, ring.sq.unsubmitted());
        // the zeroed SQEs handed out above are NOPs with user_data 0: give them ids, then ask for one more
        for (int i = 0; i < ENTRIES; i++) {
            ring.sq.sqes().putLong(i * IoUring.SQE_SIZE + IoUring.SQE_USER_DATA, i);
        }
        nop(ENTRIES); // Ring.sqe() flushes the full SQ first
        assertEquals(1, ring.sq.unsubmitted());
        BitSet seen = new BitSet();
        assertTrue(ring.enter(-1) >= 0);
        reap(seen);
        assertEquals(ENTRIES + 1, seen.cardinality());
    }

    @Test
    @Timeout(20)
    void cqOverflowIsHeldByTheKernelAndNothingIsLost() throws IOException {
        int total = 5 * ENTRIES;
        for (int i = 0; i < total; i++) {
            nop(i); // flushes itself every 16: 80 CQEs for a 16-entry CQ, none reaped meanwhile
        }
        assertTrue(ring.submit() >= 0);
        assertEquals(ENTRIES, ring.cq.ready(), "the CQ is full");
        assertTrue(ring.cqOverflowed(), "the kernel flags its overflow backlog");
        assertEquals(0, ring.cq.overflowCount(), "IORING_FEAT_NODROP: nothing dropped");
        BitSet seen = new BitSet();
        assertEquals(total, reap(seen));
        assertEquals(total, seen.cardinality());
        assertFalse(ring.cqOverflowed());
    }

    @Test
    @Timeout(20)
    void aTimedWaitWithNothingToDoReturnsAfterTheTimeout() {
        long t0 = System.nanoTime();
        int r = ring.enter(50_000_000L);
        long waited = System.nanoTime() - t0;
        assertEquals(-IoUring.ETIME, r);
        assertTrue(waited >= 40_000_000L, "waited " + waited / 1000 + " us");
    }
}
