package io.polyloop.kqueue;

import io.polyloop.posix.NativeMemory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layout in use checked against the running kernel (macOS and FreeBSD only; skipped elsewhere): two EVFILT_USER
 * events added and triggered in one change list come back with the idents, filter and udata where the layout says,
 * which a wrong size or offset (the 32-byte FreeBSD 11 layout, a missing ext[4]) would scramble.
 */
@Timeout(10)
class KqueueNativeLayoutTest {

    @Test
    void kernelAgreesWithTheLayout() {
        KeventAbi abi = KeventAbi.forOsName(System.getProperty("os.name"));
        Assumptions.assumeTrue(abi != null, "kqueue runs on macOS and FreeBSD only");
        KqueueSyscalls sys = NativeKqueueSyscalls.INSTANCE;
        NativeMemory changes = NativeMemory.allocate(2 * abi.size);
        NativeMemory events = NativeMemory.allocate(4 * abi.size);
        NativeMemory zero = NativeMemory.allocate(Kevent.TIMESPEC_SIZE);
        int kq = sys.kqueue();
        try {
            assertTrue(kq >= 0, "kqueue: errno " + sys.errno());
            short addTrigger = (short) (Kevent.EV_ADD | Kevent.EV_CLEAR);
            Kevent.set(changes.buffer(), abi, 0, 0x1234, abi.evfiltUser, addTrigger, Kevent.NOTE_TRIGGER);
            Kevent.set(changes.buffer(), abi, 1, 77, abi.evfiltUser, addTrigger, Kevent.NOTE_TRIGGER);
            changes.buffer().putLong(KeventAbi.UDATA, 0x0bad_cafe_f00dL);
            changes.buffer().putLong(abi.size + KeventAbi.UDATA, 0x0123_4567L);
            assertEquals(2, sys.kevent(kq, changes.address(), 2, events.address(), 4, zero.address()),
                    "errno " + sys.errno());
            Set<Long> idents = new HashSet<>();
            for (int i = 0; i < 2; i++) {
                long ident = Kevent.ident(events.buffer(), abi, i);
                idents.add(ident);
                assertEquals(abi.evfiltUser, Kevent.filter(events.buffer(), abi, i));
                assertEquals(0, Kevent.flags(events.buffer(), abi, i) & Kevent.EV_ERROR);
                long udata = events.buffer().getLong(i * abi.size + KeventAbi.UDATA);
                assertEquals(ident == 0x1234 ? 0x0bad_cafe_f00dL : 0x0123_4567L, udata);
            }
            assertEquals(Set.of(0x1234L, 77L), idents);
            assertEquals(0, sys.kevent(kq, 0, 0, events.address(), 4, zero.address()), "EV_CLEAR: reset");
        } finally {
            sys.close(kq);
            changes.free();
            events.free();
            zero.free();
        }
    }
}
