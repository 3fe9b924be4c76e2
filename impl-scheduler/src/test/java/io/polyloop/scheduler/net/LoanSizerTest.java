package io.polyloop.scheduler.net;

import io.polyloop.api.buffer.BufferPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(10)
class LoanSizerTest {

    @Test
    void startsSmallAndNeverExceedsMax() {
        LoanSizer s = new LoanSizer();
        assertEquals(LoanSizer.INITIAL, s.size(1 << 20));
        assertEquals(100, s.size(100));
    }

    @Test
    void growsFourfoldAfterAFullReadUpToThePoolsLargest() {
        LoanSizer s = new LoanSizer();
        int first = s.size(1 << 20);
        s.record(first, first);
        assertEquals(first * 4, s.size(1 << 20));
        s.record(first * 4, first * 4);
        assertEquals(first * 16, s.size(1 << 20));
        for (int i = 0; i < 10; i++) {
            s.record(s.size(1 << 20), s.size(1 << 20));
        }
        assertEquals(BufferPool.MAX_CAPACITY, s.size(Integer.MAX_VALUE));
    }

    @Test
    void aFullReadCappedByMaxStillGrows() {
        LoanSizer s = new LoanSizer();
        s.record(1000, s.size(1000)); // the caller's max was the limit: what the peer had may be more
        assertEquals(LoanSizer.INITIAL * 4, s.size(1 << 20));
    }

    @Test
    void shrinksByHalfOnlyAfterTwoReadsInARowThatUsedAtMostHalf() {
        LoanSizer s = new LoanSizer();
        s.record(65536, 65536); // 256 KiB next
        int big = s.size(1 << 20);
        assertEquals(262144, big);
        s.record(100, big);
        assertEquals(big, s.size(1 << 20), "one small read does not shrink");
        s.record(big - 1, big);
        s.record(100, big);
        assertEquals(big, s.size(1 << 20), "a read above half in between resets the count");
        s.record(100, big);
        assertEquals(big / 2, s.size(1 << 20));
        for (int i = 0; i < 40; i++) {
            s.record(1, s.size(1 << 20));
        }
        assertEquals(LoanSizer.MIN, s.size(1 << 20));
    }
}
