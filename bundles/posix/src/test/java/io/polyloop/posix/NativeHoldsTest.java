package io.polyloop.posix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Each resource opened holds every binding until its close; a failed or throwing open, or a close of something else,
 * leaves none held.
 */
@Timeout(10)
class NativeHoldsTest {
    private final NativeBindings a = NativeBindings.of("test-a");
    private final NativeBindings b = NativeBindings.of("test-b");
    private final NativeHolds holds = new NativeHolds(a, b);

    @Test
    void eachOpenResourceHoldsTheBindingsUntilItsClose() {
        assertEquals(7, holds.open(() -> 7, id -> id >= 0));
        assertEquals(8, holds.open(() -> 8, id -> id >= 0));
        assertEquals(2, a.users());
        assertEquals(2, b.users());
        holds.closed(99); // another descriptor
        holds.closed(7);
        assertEquals(1, a.users());
        assertEquals(1, b.users());
        holds.closed(7); // closed twice: nothing more
        holds.closed(8);
        assertEquals(0, a.users());
        assertEquals(0, b.users());
        assertEquals(0, holds.count());
    }

    @Test
    void aFailedOrThrowingOpenHoldsNothing() {
        assertEquals(-24, holds.open(() -> -24, id -> id >= 0)); // EMFILE: the caller reports it
        UnsatisfiedLinkError missing = new UnsatisfiedLinkError("no kqueue here");
        assertSame(missing, assertThrows(UnsatisfiedLinkError.class, () -> holds.open(() -> {
            throw missing;
        }, id -> true)));
        assertEquals(0, a.users());
        assertEquals(0, b.users());
        holds.closed(-24);
        assertEquals(0, a.users());
    }
}
