package io.polyloop.posix;

import com.sun.jna.Platform;

/**
 * libc, bound with JNA direct mapping: static natives, primitive arguments only, pointers as {@code long}, so a call
 * costs ~100 ns over JNI and allocates nothing; the hot socket calls and eventfd go through FFM instead where
 * {@link Ffm#ENABLED} (Java 22+), with the same results and errno. Functions return -1 (or a negative {@code long}) on failure; the
 * native errno is then {@link Errors#lastErrno()} (JNA saves it right after every direct call on the calling thread,
 * see {@code LastErrorTest}). {@code size_t}/{@code ssize_t}/{@code off_t} are {@code long}: LP64 only.
 *
 * <p>Loading this class loads libc; it throws {@link UnsatisfiedLinkError} (or {@link NoClassDefFoundError}) where
 * that fails, which backends turn into an unavailable probe. JNA binds a direct-mapped class all or nothing, so this
 * class registers only functions that Linux, macOS and FreeBSD all have; the others ({@code accept4},
 * {@code fdatasync}, eventfd) are bound by small holder classes on first use, and calling one where the OS lacks it
 * throws {@link UnsatisfiedLinkError}. Variadic functions: see {@link Variadic}. Thread safe.
 *
 * <p>Bound through {@link NativeBindings#POSIX}, as {@link Affinity} and {@link Variadic} are: unbound when the bundle
 * stops and no backend holds them, so that the bundle's class loader can be collected.
 */
public final class LibC {
    static {
        NativeBindings.POSIX.bind(LibC.class, Platform.C_LIBRARY_NAME);
    }

    private LibC() {
    }

    /** Forces the class to load (and libc to bind); throws if it cannot. */
    public static void load() {
        // the static initialiser did the work
    }

    // ------------------------------------------------------------------ sockets

    public static native int socket(int domain, int type, int protocol);

    public static native int bind(int fd, long addr, int addrLen);

    public static native int listen(int fd, int backlog);

    public static native int accept(int fd, long addr, long addrLenPtr);

    /** Linux/FreeBSD only (macOS has no accept4: a kqueue backend uses accept + fcntl). */
    public static int accept4(int fd, long addr, long addrLenPtr, int flags) {
        return Accept4.accept4(fd, addr, addrLenPtr, flags);
    }

    public static native int connect(int fd, long addr, int addrLen);

    // The hot calls: FFM where Ffm.ENABLED (a static final the JIT folds), else JNA.

    public static long recv(int fd, long buf, long len, int flags) {
        return Ffm.ENABLED ? Ffm.CALLS.recv(fd, buf, len, flags) : Hot.recv(fd, buf, len, flags);
    }

    public static long send(int fd, long buf, long len, int flags) {
        return Ffm.ENABLED ? Ffm.CALLS.send(fd, buf, len, flags) : Hot.send(fd, buf, len, flags);
    }

    /** Vectored send; unlike writev it takes flags, so MSG_NOSIGNAL prevents SIGPIPE. */
    public static long sendmsg(int fd, long msghdr, int flags) {
        return Ffm.ENABLED ? Ffm.CALLS.sendmsg(fd, msghdr, flags) : Hot.sendmsg(fd, msghdr, flags);
    }

    public static long recvmsg(int fd, long msghdr, int flags) {
        return Ffm.ENABLED ? Ffm.CALLS.recvmsg(fd, msghdr, flags) : Hot.recvmsg(fd, msghdr, flags);
    }

    public static long recvfrom(int fd, long buf, long len, int flags, long addr, long addrLenPtr) {
        return Ffm.ENABLED ? Ffm.CALLS.recvfrom(fd, buf, len, flags, addr, addrLenPtr)
                : Hot.recvfrom(fd, buf, len, flags, addr, addrLenPtr);
    }

    public static long sendto(int fd, long buf, long len, int flags, long addr, int addrLen) {
        return Ffm.ENABLED ? Ffm.CALLS.sendto(fd, buf, len, flags, addr, addrLen)
                : Hot.sendto(fd, buf, len, flags, addr, addrLen);
    }

    public static native int shutdown(int fd, int how);

    public static native int setsockopt(int fd, int level, int name, long value, int valueLen);

    public static native int getsockopt(int fd, int level, int name, long value, long valueLenPtr);

    public static native int getsockname(int fd, long addr, long addrLenPtr);

    public static native int getpeername(int fd, long addr, long addrLenPtr);

    // ------------------------------------------------------------------ files and descriptors

    /**
     * open(2) with a NUL-terminated path. Variadic in C: the fixed-arity binding passes {@code mode} correctly on
     * x86-64 and aarch64 Linux (and FreeBSD), but NOT on Apple arm64, where variadic arguments go on the stack.
     */
    public static native int open(byte[] path, int flags, int mode);

    public static native long pread(int fd, long buf, long count, long offset);

    public static native long pwrite(int fd, long buf, long count, long offset);

    public static native long read(int fd, long buf, long count);

    public static native long write(int fd, long buf, long count);

    public static native int fsync(int fd);

    /** Not on macOS (use fcntl F_FULLFSYNC or fsync there). */
    public static int fdatasync(int fd) {
        return Fdatasync.fdatasync(fd);
    }

    public static native int close(int fd);

    /**
     * Variadic in C: fixed-arity is right on x86-64/aarch64 Linux and FreeBSD, WRONG on Apple arm64 (use
     * {@link Variadic#fcntl} where the code may run there).
     */
    public static native int fcntl(int fd, int cmd, int arg);

    // ------------------------------------------------------------------ eventfd (Linux)

    public static int eventfd(int initval, int flags) {
        return EventFd.eventfd(initval, flags);
    }

    /** Adds {@code value} to the counter (glibc wrapper over write(2) of 8 bytes). */
    public static int eventfd_write(int fd, long value) {
        return Ffm.ENABLED ? Ffm.CALLS.eventfdWrite(fd, value) : EventFd.eventfd_write(fd, value);
    }

    /** Reads and resets the counter into the 8 bytes at {@code valuePtr}. */
    public static int eventfd_read(int fd, long valuePtr) {
        return Ffm.ENABLED ? Ffm.CALLS.eventfdRead(fd, valuePtr) : EventFd.eventfd_read(fd, valuePtr);
    }

    // ------------------------------------------------------------------ limits (tests, diagnostics)

    /** {@code rlimPtr} points to struct rlimit: two 8-byte fields, soft limit then hard limit. */
    public static native int getrlimit(int resource, long rlimPtr);

    public static native int setrlimit(int resource, long rlimPtr);

    // ------------------------------------------------------------------ bound apart

    /**
     * The JNA side of the hot calls, a class of its own because direct mapping binds a native by its method's name:
     * where {@link Ffm#ENABLED} it is never loaded, so never bound.
     */
    private static final class Hot {
        static {
            NativeBindings.POSIX.bind(Hot.class, Platform.C_LIBRARY_NAME);
        }

        static native long recv(int fd, long buf, long len, int flags);

        static native long send(int fd, long buf, long len, int flags);

        static native long sendmsg(int fd, long msghdr, int flags);

        static native long recvmsg(int fd, long msghdr, int flags);

        static native long recvfrom(int fd, long buf, long len, int flags, long addr, long addrLenPtr);

        static native long sendto(int fd, long buf, long len, int flags, long addr, int addrLen);
    }

    // not on every OS

    /** Linux, FreeBSD. */
    private static final class Accept4 {
        static {
            NativeBindings.POSIX.bind(Accept4.class, Platform.C_LIBRARY_NAME);
        }

        static native int accept4(int fd, long addr, long addrLenPtr, int flags);
    }

    /** Linux, FreeBSD 11.1+ (macOS exports no declared fdatasync). */
    private static final class Fdatasync {
        static {
            NativeBindings.POSIX.bind(Fdatasync.class, Platform.C_LIBRARY_NAME);
        }

        static native int fdatasync(int fd);
    }

    /** Linux. */
    private static final class EventFd {
        static {
            NativeBindings.POSIX.bind(EventFd.class, Platform.C_LIBRARY_NAME);
        }

        static native int eventfd(int initval, int flags);

        static native int eventfd_write(int fd, long value);

        static native int eventfd_read(int fd, long valuePtr);
    }
}
