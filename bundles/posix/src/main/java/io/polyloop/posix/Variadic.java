package io.polyloop.posix;

import com.sun.jna.Library;
import com.sun.jna.Platform;

/**
 * The variadic libc functions a portable backend needs ({@code fcntl}, {@code open}), bound so that they are right
 * on every ABI, Apple arm64 included.
 *
 * <p>Why not direct mapping with a fixed prototype, as {@link LibC#fcntl} does: a variadic C function receives its
 * variadic arguments by the variadic calling convention, and a caller that uses the fixed one passes them in the wrong
 * place where the two differ. On x86-64 SysV they agree (the caller only sets AL to the number of vector registers
 * used), and on Linux/FreeBSD aarch64 (AAPCS64) they agree too, so a fixed prototype works there. Apple's arm64 ABI
 * puts every variadic argument on the stack while the fixed convention passes it in a register: fcntl's third
 * argument would be read from garbage stack memory (fcntl(F_SETFL, O_NONBLOCK) silently setting random flags). JNA's
 * interface mapping with a Java varargs parameter knows how many arguments are fixed (from the method's signature)
 * and calls libffi's {@code ffi_prep_cif_var}, which lays out the call correctly on each ABI; direct mapping cannot
 * express varargs at all. The price is JNA's interface-mapping cost (~300-400 ns a call, measured in
 * NOTES-NATIVE.md); it is paid when a socket or file is opened, not per I/O operation.
 *
 * <p>errno after a failure: {@link Errors#lastErrno()}, saved by JNA per thread as for direct calls. Thread safe.
 */
public final class Variadic {
    private Variadic() {
    }

    /** JNA interface mapping: a varargs method is called as a variadic function with the other parameters fixed. */
    interface CLibrary extends Library {
        int fcntl(int fd, int cmd, Object... arg);

        int open(byte[] path, int flags, Object... mode);
    }

    private static final class Holder {
        static final CLibrary C = NativeBindings.POSIX.load(Platform.C_LIBRARY_NAME, CLibrary.class);
    }

    /** fcntl(fd, cmd, (int) arg). */
    public static int fcntl(int fd, int cmd, int arg) {
        return Holder.C.fcntl(fd, cmd, arg);
    }

    /**
     * open(path, flags, (mode_t) mode) with a NUL-terminated path. {@code mode_t} is promoted to {@code int} when
     * passed through {@code ...} (it is 16 bits on macOS, 32 on Linux/FreeBSD), so an int is right everywhere.
     */
    public static int open(byte[] nulTerminatedPath, int flags, int mode) {
        return Holder.C.open(nulTerminatedPath, flags, mode);
    }
}
