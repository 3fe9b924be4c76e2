package io.polyloop.iouring;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import io.polyloop.posix.Errors;

/**
 * The three io_uring syscalls and mmap, through JNA direct mapping (primitive arguments, pointers as {@code long}).
 * glibc has no io_uring wrappers, so the calls go through {@code syscall(2)}: variadic in C, bound here with a fixed
 * prototype of six longs, which is right on x86-64 and aarch64 Linux (the kernel reads each argument from its own
 * register and truncates the ints). Every method returns the result or {@code -errno}. Thread safe.
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
        Native.register(Sys.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private Sys() {
    }

    private static native long syscall(long number, long a, long b, long c, long d, long e, long f);

    static native long mmap(long addr, long length, int prot, int flags, int fd, long offset);

    static native int munmap(long addr, long length);

    /** @return the ring fd or -errno */
    static int setup(int entries, long params) {
        return result(syscall(IoUring.SYS_SETUP, entries, params, 0, 0, 0, 0));
    }

    /** @return the number of SQEs consumed, or -errno */
    static int enter(int ringFd, int toSubmit, int minComplete, int flags, long arg, long argSize) {
        return result(syscall(IoUring.SYS_ENTER, ringFd, toSubmit, minComplete, flags & 0xffffffffL, arg, argSize));
    }

    /** @return the result or -errno */
    static int register(int ringFd, int opcode, long arg, int nrArgs) {
        return result(syscall(IoUring.SYS_REGISTER, ringFd, opcode, arg, nrArgs, 0, 0));
    }

    private static int result(long r) {
        return r < 0 ? -Errors.lastErrno() : (int) r;
    }
}
