package io.polyloop.iouring;

import com.sun.jna.Platform;
import io.polyloop.posix.Errors;
import io.polyloop.posix.Ffm;
import io.polyloop.posix.NativeBindings;

/**
 * The three io_uring syscalls and mmap, through JNA direct mapping (primitive arguments, pointers as {@code long}).
 * glibc has no io_uring wrappers, so the calls go through {@code syscall(2)}: variadic in C, bound here with a fixed
 * prototype of six longs, which is right on x86-64 and aarch64 Linux (the kernel reads each argument from its own
 * register and truncates the ints). Every method returns the result or {@code -errno}. Thread safe.
 *
 * <p>Bound through {@link IoUringBackendProvider#BINDINGS}: again when the bundle starts, unbound when it stops and no
 * mapping made here is left (every ring has its mappings while it lives, so a ring a stopped bundle's loop still runs
 * keeps its natives, libc's too), so that the bundle's class loader can be collected after an uninstall and refresh.
 */
final class Sys {
    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_SHARED = 1;
    static final int MAP_PRIVATE = 2;
    static final int MAP_ANONYMOUS = 0x20;
    static final int MAP_POPULATE = 0x8000;
    static final long MAP_FAILED = -1L;

    static {
        IoUringBackendProvider.BINDINGS.bind(Sys.class, Platform.C_LIBRARY_NAME);
    }

    private Sys() {
    }

    private static native long syscall(long number, long a, long b, long c, long d, long e, long f);

    /** mmap(2); a mapping made holds the JNA bindings until its {@link #munmap}. */
    static long mmap(long addr, long length, int prot, int flags, int fd, long offset) {
        NativeBindings.POSIX.acquire();
        IoUringBackendProvider.BINDINGS.acquire();
        long a = Mmap.mmap(addr, length, prot, flags, fd, offset);
        if (a == MAP_FAILED) {
            releaseBindings();
        }
        return a;
    }

    /** munmap(2) of a whole mapping made by {@link #mmap}, once. */
    static int munmap(long addr, long length) {
        int r = Mmap.munmap(addr, length);
        if (r == 0) {
            releaseBindings();
        }
        return r;
    }

    private static void releaseBindings() {
        IoUringBackendProvider.BINDINGS.release();
        NativeBindings.POSIX.release();
    }

    /** @return the ring fd or -errno */
    static int setup(int entries, long params) {
        return result(syscall(IoUring.SYS_SETUP, entries, params, 0, 0, 0, 0));
    }

    /**
     * The one syscall of every loop turn: through FFM where {@link Ffm#ENABLED} (a static final: the JIT folds the
     * choice), else JNA.
     *
     * @return the number of SQEs consumed, or -errno
     */
    static int enter(int ringFd, int toSubmit, int minComplete, int flags, long arg, long argSize) {
        long f = flags & 0xffffffffL;
        return result(Ffm.ENABLED ? Ffm.syscall(IoUring.SYS_ENTER, ringFd, toSubmit, minComplete, f, arg, argSize)
                : syscall(IoUring.SYS_ENTER, ringFd, toSubmit, minComplete, f, arg, argSize));
    }

    /** @return the result or -errno */
    static int register(int ringFd, int opcode, long arg, int nrArgs) {
        return result(syscall(IoUring.SYS_REGISTER, ringFd, opcode, arg, nrArgs, 0, 0));
    }

    private static int result(long r) {
        return r < 0 ? -Errors.lastErrno() : (int) r;
    }

    /** mmap and munmap themselves: a class of their own, as direct mapping binds a native by its method's name. */
    private static final class Mmap {
        static {
            IoUringBackendProvider.BINDINGS.bind(Mmap.class, Platform.C_LIBRARY_NAME);
        }

        static native long mmap(long addr, long length, int prot, int flags, int fd, long offset);

        static native int munmap(long addr, long length);
    }
}
