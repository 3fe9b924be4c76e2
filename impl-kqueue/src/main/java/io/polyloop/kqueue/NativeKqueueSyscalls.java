package io.polyloop.kqueue;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import io.polyloop.posix.LibCSyscalls;
import io.polyloop.posix.PosixSyscalls;

/**
 * The production {@link KqueueSyscalls}: kqueue and kevent through JNA direct mapping (both have fixed prototypes, so
 * direct mapping is right on Apple arm64 too), everything else through {@link LibCSyscalls} (direct mapping, and the
 * variadic binding for open and fcntl). Loading this class binds libc's kqueue symbols and throws
 * {@link UnsatisfiedLinkError} where there are none (Linux). Stateless, thread safe.
 */
final class NativeKqueueSyscalls implements KqueueSyscalls {
    static final NativeKqueueSyscalls INSTANCE = new NativeKqueueSyscalls();

    private static final PosixSyscalls LIBC = LibCSyscalls.INSTANCE;

    private NativeKqueueSyscalls() {
    }

    /** Direct mapping: static natives, primitive arguments only, pointers as long. */
    private static final class Bound {
        static {
            Native.register(Bound.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        }

        static native int kqueue();

        static native int kevent(int kq, long changelist, int nchanges, long eventlist, int nevents, long timeout);
    }

    @Override
    public int kqueue() {
        return Bound.kqueue();
    }

    @Override
    public int kevent(int kq, long changelist, int nchanges, long eventlist, int nevents, long timeout) {
        return Bound.kevent(kq, changelist, nchanges, eventlist, nevents, timeout);
    }

    @Override
    public int errno() {
        return LIBC.errno();
    }

    @Override
    public int socket(int domain, int type, int protocol) {
        return LIBC.socket(domain, type, protocol);
    }

    @Override
    public int bind(int fd, long addr, int addrLen) {
        return LIBC.bind(fd, addr, addrLen);
    }

    @Override
    public int listen(int fd, int backlog) {
        return LIBC.listen(fd, backlog);
    }

    @Override
    public int accept(int fd, long addr, long addrLenPtr) {
        return LIBC.accept(fd, addr, addrLenPtr);
    }

    @Override
    public int accept4(int fd, long addr, long addrLenPtr, int flags) {
        return LIBC.accept4(fd, addr, addrLenPtr, flags);
    }

    @Override
    public int connect(int fd, long addr, int addrLen) {
        return LIBC.connect(fd, addr, addrLen);
    }

    @Override
    public long recv(int fd, long buf, long len, int flags) {
        return LIBC.recv(fd, buf, len, flags);
    }

    @Override
    public long send(int fd, long buf, long len, int flags) {
        return LIBC.send(fd, buf, len, flags);
    }

    @Override
    public long sendmsg(int fd, long msghdr, int flags) {
        return LIBC.sendmsg(fd, msghdr, flags);
    }

    @Override
    public long recvfrom(int fd, long buf, long len, int flags, long addr, long addrLenPtr) {
        return LIBC.recvfrom(fd, buf, len, flags, addr, addrLenPtr);
    }

    @Override
    public long sendto(int fd, long buf, long len, int flags, long addr, int addrLen) {
        return LIBC.sendto(fd, buf, len, flags, addr, addrLen);
    }

    @Override
    public int shutdown(int fd, int how) {
        return LIBC.shutdown(fd, how);
    }

    @Override
    public int setsockopt(int fd, int level, int name, long value, int valueLen) {
        return LIBC.setsockopt(fd, level, name, value, valueLen);
    }

    @Override
    public int getsockopt(int fd, int level, int name, long value, long valueLenPtr) {
        return LIBC.getsockopt(fd, level, name, value, valueLenPtr);
    }

    @Override
    public int getsockname(int fd, long addr, long addrLenPtr) {
        return LIBC.getsockname(fd, addr, addrLenPtr);
    }

    @Override
    public int getpeername(int fd, long addr, long addrLenPtr) {
        return LIBC.getpeername(fd, addr, addrLenPtr);
    }

    @Override
    public int open(byte[] nulTerminatedPath, int flags, int mode) {
        return LIBC.open(nulTerminatedPath, flags, mode);
    }

    @Override
    public int fcntl(int fd, int cmd, int arg) {
        return LIBC.fcntl(fd, cmd, arg);
    }

    @Override
    public long pread(int fd, long buf, long count, long offset) {
        return LIBC.pread(fd, buf, count, offset);
    }

    @Override
    public long pwrite(int fd, long buf, long count, long offset) {
        return LIBC.pwrite(fd, buf, count, offset);
    }

    @Override
    public long write(int fd, long buf, long count) {
        return LIBC.write(fd, buf, count);
    }

    @Override
    public int fsync(int fd) {
        return LIBC.fsync(fd);
    }

    @Override
    public int fdatasync(int fd) {
        return LIBC.fdatasync(fd);
    }

    @Override
    public int close(int fd) {
        return LIBC.close(fd);
    }
}
