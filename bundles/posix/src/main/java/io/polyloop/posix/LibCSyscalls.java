package io.polyloop.posix;

/**
 * {@link PosixSyscalls} on the real libc: direct-mapped {@link LibC} for the fixed-arity functions, {@link Variadic}
 * for {@code open} and {@code fcntl} (correct on Apple arm64, where a fixed prototype is not). Stateless, thread safe.
 * Open for extension by a backend whose own interface adds calls (kqueue's kqueue/kevent) to these.
 */
public class LibCSyscalls implements PosixSyscalls {
    public static final LibCSyscalls INSTANCE = new LibCSyscalls();

    protected LibCSyscalls() {
    }

    @Override
    public int errno() {
        return Errors.lastErrno();
    }

    @Override
    public int socket(int domain, int type, int protocol) {
        return LibC.socket(domain, type, protocol);
    }

    @Override
    public int bind(int fd, long addr, int addrLen) {
        return LibC.bind(fd, addr, addrLen);
    }

    @Override
    public int listen(int fd, int backlog) {
        return LibC.listen(fd, backlog);
    }

    @Override
    public int accept(int fd, long addr, long addrLenPtr) {
        return LibC.accept(fd, addr, addrLenPtr);
    }

    @Override
    public int accept4(int fd, long addr, long addrLenPtr, int flags) {
        return LibC.accept4(fd, addr, addrLenPtr, flags);
    }

    @Override
    public int connect(int fd, long addr, int addrLen) {
        return LibC.connect(fd, addr, addrLen);
    }

    @Override
    public long recv(int fd, long buf, long len, int flags) {
        return LibC.recv(fd, buf, len, flags);
    }

    @Override
    public long send(int fd, long buf, long len, int flags) {
        return LibC.send(fd, buf, len, flags);
    }

    @Override
    public long sendmsg(int fd, long msghdr, int flags) {
        return LibC.sendmsg(fd, msghdr, flags);
    }

    @Override
    public long recvfrom(int fd, long buf, long len, int flags, long addr, long addrLenPtr) {
        return LibC.recvfrom(fd, buf, len, flags, addr, addrLenPtr);
    }

    @Override
    public long sendto(int fd, long buf, long len, int flags, long addr, int addrLen) {
        return LibC.sendto(fd, buf, len, flags, addr, addrLen);
    }

    @Override
    public int shutdown(int fd, int how) {
        return LibC.shutdown(fd, how);
    }

    @Override
    public int setsockopt(int fd, int level, int name, long value, int valueLen) {
        return LibC.setsockopt(fd, level, name, value, valueLen);
    }

    @Override
    public int getsockopt(int fd, int level, int name, long value, long valueLenPtr) {
        return LibC.getsockopt(fd, level, name, value, valueLenPtr);
    }

    @Override
    public int getsockname(int fd, long addr, long addrLenPtr) {
        return LibC.getsockname(fd, addr, addrLenPtr);
    }

    @Override
    public int getpeername(int fd, long addr, long addrLenPtr) {
        return LibC.getpeername(fd, addr, addrLenPtr);
    }

    @Override
    public int open(byte[] nulTerminatedPath, int flags, int mode) {
        return Variadic.open(nulTerminatedPath, flags, mode);
    }

    @Override
    public int fcntl(int fd, int cmd, int arg) {
        return Variadic.fcntl(fd, cmd, arg);
    }

    @Override
    public long pread(int fd, long buf, long count, long offset) {
        return LibC.pread(fd, buf, count, offset);
    }

    @Override
    public long pwrite(int fd, long buf, long count, long offset) {
        return LibC.pwrite(fd, buf, count, offset);
    }

    @Override
    public long write(int fd, long buf, long count) {
        return LibC.write(fd, buf, count);
    }

    @Override
    public int fsync(int fd) {
        return LibC.fsync(fd);
    }

    @Override
    public int fdatasync(int fd) {
        return LibC.fdatasync(fd);
    }

    @Override
    public int close(int fd) {
        return LibC.close(fd);
    }
}
