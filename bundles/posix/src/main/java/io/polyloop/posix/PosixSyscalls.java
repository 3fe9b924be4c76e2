package io.polyloop.posix;

/**
 * The socket and file calls of a POSIX backend as an interface, so that a backend for an OS this machine is not (a
 * kqueue backend tested on Linux) can run its own code over an emulation of that OS. Arguments and results are C's,
 * in the numbering of one {@link PosixPlatform}: pointers as {@code long}, -1 (or a negative {@code long}) on
 * failure with {@link #errno()} set. The production implementation is {@link LibCSyscalls}: JNA direct mapping (FFM
 * for the hot calls on Java 22+, see {@link Ffm}), nothing allocated per call. Implementations are thread safe (errno is per thread).
 */
public interface PosixSyscalls {

    /** @return the native errno left by the last failed call of this thread, in the platform's numbering */
    int errno();

    int socket(int domain, int type, int protocol);

    int bind(int fd, long addr, int addrLen);

    int listen(int fd, int backlog);

    int accept(int fd, long addr, long addrLenPtr);

    /** Only where {@link PosixPlatform#HAS_ACCEPT4}. */
    int accept4(int fd, long addr, long addrLenPtr, int flags);

    int connect(int fd, long addr, int addrLen);

    long recv(int fd, long buf, long len, int flags);

    long send(int fd, long buf, long len, int flags);

    long sendmsg(int fd, long msghdr, int flags);

    long recvfrom(int fd, long buf, long len, int flags, long addr, long addrLenPtr);

    long sendto(int fd, long buf, long len, int flags, long addr, int addrLen);

    int shutdown(int fd, int how);

    int setsockopt(int fd, int level, int name, long value, int valueLen);

    int getsockopt(int fd, int level, int name, long value, long valueLenPtr);

    int getsockname(int fd, long addr, long addrLenPtr);

    int getpeername(int fd, long addr, long addrLenPtr);

    /** open(2), variadic in C: see {@link Variadic}. */
    int open(byte[] nulTerminatedPath, int flags, int mode);

    /** fcntl(2) with an int argument, variadic in C: see {@link Variadic}. */
    int fcntl(int fd, int cmd, int arg);

    long pread(int fd, long buf, long count, long offset);

    long pwrite(int fd, long buf, long count, long offset);

    long write(int fd, long buf, long count);

    int fsync(int fd);

    /** Only where {@link PosixPlatform#HAS_FDATASYNC}. */
    int fdatasync(int fd);

    int close(int fd);
}
