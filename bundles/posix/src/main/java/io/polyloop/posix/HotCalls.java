package io.polyloop.posix;

/**
 * The libc calls of a loop turn's hot path, behind one object so that a binding other than JNA can serve them: on
 * Java 22+ {@code FfmHotCalls} (java.lang.foreign, compiled in a source set of its own), chosen once by {@link Ffm}.
 * Results and failures are C's: -1 (or a negative {@code long}) with the errno then read by {@link Errors#lastErrno()},
 * exactly as after the JNA call it replaces. Thread safe.
 */
abstract class HotCalls {

    abstract long recv(int fd, long buf, long len, int flags);

    abstract long send(int fd, long buf, long len, int flags);

    abstract long sendmsg(int fd, long msghdr, int flags);

    abstract long recvmsg(int fd, long msghdr, int flags);

    abstract long recvfrom(int fd, long buf, long len, int flags, long addr, long addrLenPtr);

    abstract long sendto(int fd, long buf, long len, int flags, long addr, int addrLen);

    abstract int eventfdWrite(int fd, long value);

    abstract int eventfdRead(int fd, long valuePtr);

    abstract int epollWait(int epfd, long events, int maxEvents, int timeoutMillis);

    /** syscall(2) with six arguments (variadic in C, bound as such). */
    abstract long syscall(long number, long a, long b, long c, long d, long e, long f);
}
