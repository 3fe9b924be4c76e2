package io.polyloop.posix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class NativeMemoryTest {

    @Test
    void allocatedMemoryIsZeroEvenWhereAFreedBlockLeftBytes() {
        for (int round = 0; round < 50; round++) {
            NativeMemory dirty = NativeMemory.allocate(4096);
            for (int i = 0; i < 4096; i++) {
                dirty.buffer().put(i, (byte) 0x5A);
            }
            dirty.free();
            NativeMemory fresh = NativeMemory.allocate(4096); // malloc tends to hand the same block back
            for (int i = 0; i < 4096; i++) {
                assertEquals(0, fresh.buffer().get(i), "byte " + i + " of round " + round);
            }
            fresh.free();
        }
    }

    @Test
    void aLargeBlockIsZeroAndFreeIsIdempotent() {
        NativeMemory m = NativeMemory.allocate(1 << 20);
        long sum = 0;
        for (int i = 0; i < m.size(); i += 8) {
            sum |= m.buffer().getLong(i);
        }
        assertEquals(0, sum);
        m.free();
        m.free();
        assertTrue(m.isFreed());
    }

    @Test
    void aSizeBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NativeMemory.allocate(0));
    }
}
