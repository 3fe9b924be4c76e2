package io.polyloop.posix;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectBuffersTest {
    @Test
    void addressMatchesJna() {
        assertTrue(DirectBuffers.isAllocationFree(), "Unsafe path expected on a stock JDK 17");
        ByteBuffer b = ByteBuffer.allocateDirect(64);
        assertEquals(Pointer.nativeValue(Native.getDirectBufferPointer(b)), DirectBuffers.address(b));
        b.position(10);
        ByteBuffer slice = b.slice();
        assertEquals(DirectBuffers.address(b) + 10, DirectBuffers.address(slice));
        assertEquals(DirectBuffers.address(b) + 10, DirectBuffers.positionAddress(b));
    }

    @Test
    void eventfdCounterRoundTrip() {
        int fd = LibC.eventfd(0, LinuxConstants.EFD_NONBLOCK | LinuxConstants.EFD_CLOEXEC);
        assertTrue(fd >= 0);
        NativeMemory m = NativeMemory.allocate(8);
        try {
            assertEquals(0, LibC.eventfd_write(fd, 3));
            assertEquals(0, LibC.eventfd_write(fd, 4));
            assertEquals(0, LibC.eventfd_read(fd, m.address()));
            assertEquals(7, m.buffer().getLong(0));
            assertEquals(-1, LibC.eventfd_read(fd, m.address()));
            assertEquals(LinuxConstants.EAGAIN, Errors.lastErrno());
        } finally {
            m.free();
            LibC.close(fd);
        }
    }
}
