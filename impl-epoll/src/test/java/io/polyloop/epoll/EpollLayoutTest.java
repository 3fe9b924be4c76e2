package io.polyloop.epoll;

import io.polyloop.posix.LibC;
import io.polyloop.posix.LinuxConstants;
import io.polyloop.posix.NativeMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** struct epoll_event: the table per architecture, and the layout in use checked against the running kernel. */
class EpollLayoutTest {

    @Test
    @Timeout(10)
    void packedOnX86_64Only() {
        assertTrue(Epoll.isPackedAbi("amd64"));
        assertTrue(Epoll.isPackedAbi("x86_64"));
        assertFalse(Epoll.isPackedAbi("aarch64"));
        String arch = System.getProperty("os.arch");
        if (Epoll.isPackedAbi(arch)) {
            assertEquals(12, Epoll.EVENT_SIZE);
            assertEquals(4, Epoll.DATA_OFFSET);
        } else {
            assertEquals(16, Epoll.EVENT_SIZE);
            assertEquals(8, Epoll.DATA_OFFSET);
        }
    }

    /** The kernel writes two events back to back: both masks and data land where the layout says. */
    @Test
    @Timeout(10)
    void kernelAgreesWithTheLayout() {
        int ep = Epoll.epoll_create1(Epoll.EPOLL_CLOEXEC);
        int a = LibC.eventfd(1, LinuxConstants.EFD_NONBLOCK);
        int b = LibC.eventfd(1, LinuxConstants.EFD_NONBLOCK);
        NativeMemory m = NativeMemory.allocate(4 * Epoll.EVENT_SIZE);
        try {
            long magicA = 0x1122334455667788L;
            long magicB = 0x0123456789abcdefL;
            m.buffer().putInt(0, Epoll.EPOLLIN);
            m.buffer().putLong(Epoll.DATA_OFFSET, magicA);
            assertEquals(0, Epoll.epoll_ctl(ep, Epoll.EPOLL_CTL_ADD, a, m.address()));
            m.buffer().putLong(Epoll.DATA_OFFSET, magicB);
            assertEquals(0, Epoll.epoll_ctl(ep, Epoll.EPOLL_CTL_ADD, b, m.address()));
            for (int i = 0; i < m.size(); i++) {
                m.buffer().put(i, (byte) 0);
            }
            assertEquals(2, Epoll.epoll_wait(ep, m.address(), 4, 1000));
            long d0 = m.buffer().getLong(Epoll.DATA_OFFSET);
            long d1 = m.buffer().getLong(Epoll.EVENT_SIZE + Epoll.DATA_OFFSET);
            assertTrue(d0 == magicA && d1 == magicB || d0 == magicB && d1 == magicA, "data " + d0 + ", " + d1);
            assertEquals(Epoll.EPOLLIN, m.buffer().getInt(0));
            assertEquals(Epoll.EPOLLIN, m.buffer().getInt(Epoll.EVENT_SIZE));
        } finally {
            m.free();
            LibC.close(a);
            LibC.close(b);
            LibC.close(ep);
        }
    }
}
