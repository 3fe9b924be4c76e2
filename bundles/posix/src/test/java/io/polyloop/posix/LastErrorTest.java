package io.polyloop.posix;

import com.sun.jna.Native;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves what the backends rely on: after a failed direct-mapped call declared WITHOUT {@code throws
 * LastErrorException}, {@link Native#getLastError()} returns that call's errno, on the calling thread only, and
 * survives Java work (allocation, GC) done before it is read.
 */
class LastErrorTest {

    @Test
    void errnoIsSavedAfterDirectCall() {
        assertEquals(-1, LibC.close(-1));
        assertEquals(LinuxConstants.EBADF, Errors.lastErrno());
        assertEquals(-1L, LibC.recv(-1, 0, 0, 0));
        assertEquals(LinuxConstants.EBADF, Errors.lastErrno());
    }

    @Test
    void errnoDiffersPerCall() {
        assertEquals(-1, LibC.socket(-1, LinuxConstants.SOCK_STREAM, 0));
        int afErr = Errors.lastErrno();
        assertTrue(afErr == 97 || afErr == 22, "EAFNOSUPPORT or EINVAL, got " + afErr);
        assertEquals(-1, LibC.close(-1));
        assertEquals(LinuxConstants.EBADF, Errors.lastErrno());
    }

    @Test
    void errnoSurvivesGcAndAllocation() {
        assertEquals(-1, LibC.close(-1));
        byte[][] junk = new byte[1000][];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = new byte[1024];
        }
        System.gc();
        assertEquals(LinuxConstants.EBADF, Errors.lastErrno());
    }

    @Test
    void errnoIsPerThread() throws Exception {
        assertEquals(-1, LibC.close(-1)); // EBADF here
        AtomicInteger other = new AtomicInteger();
        Thread t = new Thread(() -> {
            LibC.socket(-1, LinuxConstants.SOCK_STREAM, 0); // EAFNOSUPPORT there
            other.set(Errors.lastErrno());
        });
        t.start();
        t.join();
        assertTrue(other.get() != LinuxConstants.EBADF);
        assertEquals(LinuxConstants.EBADF, Errors.lastErrno());
    }

    @Test
    void canonicalIsIdentityOnLinux() {
        for (int e = 1; e < 134; e++) {
            assertEquals(e, Errors.canonical(e));
        }
    }
}
