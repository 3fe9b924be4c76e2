package io.polyloop.posix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Which binding serves the hot calls, and that errno is right across the two: a failing FFM call, then a failing JNA
 * call, then FFM again, each report their own errno. The build runs this on Java 17 (expects JNA) and again on the
 * JDK 22+ with native access enabled and {@code polyloop.test.binding=ffm} (expects FFM), see the posix pom.
 */
class FfmBindingTest {
    /** EAFNOSUPPORT (or EINVAL on old kernels): what socket(-1, ...) fails with, distinct from EBADF. */
    private static boolean isBadFamily(int errno) {
        return errno == 97 || errno == LinuxConstants.EINVAL;
    }

    private static String expected() {
        String p = System.getProperty("polyloop.test.binding");
        if (p != null) {
            return p;
        }
        return Runtime.version().feature() < 22 ? "jna" : null;
    }

    @Test
    void bindingIsTheExpectedOne() {
        String expected = expected();
        assumeTrue(expected != null, "Java 22+ without polyloop.test.binding: either binding may be right");
        assertEquals(expected, Ffm.binding(), "cause: " + Ffm.unavailabilityCause());
        assertEquals(expected.equals("ffm"), Ffm.ENABLED);
        if (Ffm.ENABLED) {
            assertNull(Ffm.unavailabilityCause());
        } else {
            assertNotNull(Ffm.unavailabilityCause());
        }
    }

    @Test
    void errnoOfEachBindingInTurn() {
        assertEquals(-1L, LibC.recv(-1, 0, 0, 0)); // hot: FFM where enabled
        assertEquals(LinuxConstants.EBADF, Errors.lastErrno());
        assertEquals(-1, LibC.socket(-1, LinuxConstants.SOCK_STREAM, 0)); // always JNA
        assertTrue(isBadFamily(Errors.lastErrno()), "errno " + Errors.lastErrno());
        assertEquals(-1L, LibC.send(-1, 0, 0, LinuxConstants.MSG_NOSIGNAL)); // hot
        assertEquals(LinuxConstants.EBADF, Errors.lastErrno());
        assertEquals(-1, LibC.socket(-1, LinuxConstants.SOCK_STREAM, 0));
        assertTrue(isBadFamily(Errors.lastErrno()), "errno " + Errors.lastErrno());
        assertEquals(-1, LibC.eventfd_write(-1, 1));
        assertEquals(LinuxConstants.EBADF, Errors.lastErrno());
    }

    @Test
    void successfulHotCallsWorkThroughTheBinding() {
        int fd = LibC.eventfd(0, LinuxConstants.EFD_NONBLOCK | LinuxConstants.EFD_CLOEXEC);
        assertTrue(fd >= 0);
        NativeMemory m = NativeMemory.allocate(8);
        try {
            assertEquals(-1, LibC.eventfd_read(fd, m.address()));
            assertEquals(LinuxConstants.EAGAIN, Errors.lastErrno());
            assertEquals(0, LibC.eventfd_write(fd, 5));
            assertEquals(0, LibC.eventfd_write(fd, 6));
            assertEquals(0, LibC.eventfd_read(fd, m.address()));
            assertEquals(11L, m.buffer().getLong(0));
        } finally {
            LibC.close(fd);
            m.free();
        }
    }

    @Test
    void errnoOfAnFfmCallIsPerThread() throws Exception {
        assertEquals(-1L, LibC.recv(-1, 0, 0, 0)); // EBADF here
        AtomicInteger other = new AtomicInteger();
        Thread t = new Thread(() -> {
            int fd = LibC.eventfd(0, LinuxConstants.EFD_NONBLOCK | LinuxConstants.EFD_CLOEXEC);
            NativeMemory m = NativeMemory.allocate(8);
            LibC.eventfd_read(fd, m.address()); // EAGAIN there
            other.set(Errors.lastErrno());
            LibC.close(fd);
            m.free();
        });
        t.start();
        t.join();
        assertEquals(LinuxConstants.EAGAIN, other.get());
        assertEquals(LinuxConstants.EBADF, Errors.lastErrno());
    }

    /** The FFM classes pin no class loader (a bundle's, after an uninstall and refresh): handles, ThreadLocal, segments. */
    @Test
    @Timeout(60)
    void ffmClassesOfAChildLoaderLetItBeCollected() throws Exception {
        assumeTrue(Ffm.ENABLED, "FFM not in use here");
        WeakReference<ClassLoader> loader = callThroughChildFfm();
        for (int i = 0; i < 100 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertNull(loader.get(), "the child class loader was not collected");
    }

    /** Kept apart so that nothing of the child stays on this frame's stack. */
    private static WeakReference<ClassLoader> callThroughChildFfm() throws Exception {
        ChildFirstLoader child = new ChildFirstLoader("io.polyloop.posix.Ffm", "io.polyloop.posix.HotCalls",
                "io.polyloop.posix.FfmHotCalls");
        Class<?> ffm = Class.forName("io.polyloop.posix.Ffm", true, child);
        assertEquals(child, ffm.getClassLoader());
        assertEquals(true, ffm.getField("ENABLED").get(null));
        Method syscall = ffm.getMethod("syscall", long.class, long.class, long.class, long.class, long.class,
                long.class, long.class);
        long getpid = "amd64".equals(System.getProperty("os.arch")) ? 39 : 172; // x86-64, aarch64
        assertEquals(ProcessHandle.current().pid(), (long) syscall.invoke(null, getpid, 0L, 0L, 0L, 0L, 0L, 0L));
        Thread t = new Thread(() -> {
            try {
                syscall.invoke(null, getpid, 0L, 0L, 0L, 0L, 0L, 0L);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        t.join();
        return new WeakReference<>(child);
    }
}
