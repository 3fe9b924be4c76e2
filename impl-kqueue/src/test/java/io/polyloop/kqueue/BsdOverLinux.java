package io.polyloop.kqueue;

import io.polyloop.posix.LibC;
import io.polyloop.posix.LinuxConstants;
import io.polyloop.posix.NativeMemory;
import io.polyloop.posix.PosixPlatform;
import io.polyloop.posix.PosixSyscalls;
import io.polyloop.posix.Variadic;
import io.polyloop.posix.Errors;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The socket and file calls of macOS or FreeBSD, emulated over Linux: each call takes and returns the BSD's numbers
 * and layouts ({@link PosixPlatform#DARWIN} or {@link PosixPlatform#FREEBSD}), translates them, and makes the Linux
 * call. So the kqueue backend runs here with exactly the arguments it passes on a BSD. What it emulates, and from
 * which document:
 * <ul>
 *   <li>errno in the BSD's numbering ({@code sys/errno.h}), kept per thread as the real errno is.</li>
 *   <li>sockaddrs with {@code sa_len} ({@code netinet/in.h}); a wrong length byte or size is EINVAL, as FreeBSD's
 *   {@code in_pcbbind_setup}/{@code in6_pcbbind} and XNU's checks of {@code sin_len} do.</li>
 *   <li>socket(2) type flags: macOS takes none (its socket(2) documents no SOCK_NONBLOCK or SOCK_CLOEXEC; extra type
 *   bits are EINVAL here), so a socket is blocking until fcntl says otherwise, and a backend that forgot would block
 *   its loop in the tests. FreeBSD takes SOCK_NONBLOCK/SOCK_CLOEXEC (socket(2) of FreeBSD).</li>
 *   <li>accept(2): the new socket inherits O_NONBLOCK from the listener on the BSDs (FreeBSD accept(2); XNU copies the
 *   listening file's flags; Linux's accept(2) NOTES say Linux alone does not), but not FD_CLOEXEC or SO_NOSIGPIPE.
 *   macOS has no accept4 (the symbol is missing: calling it throws as JNA would) nor a declared fdatasync.</li>
 *   <li>SIGPIPE: a send that fails with EPIPE on a socket without SO_NOSIGPIPE and without MSG_NOSIGNAL would raise
 *   SIGPIPE on the BSD (send(2): "EPIPE ... the socket is unable to send anymore"; SO_NOSIGPIPE in macOS
 *   setsockopt(2)). The emulation never raises it (it always passes Linux's MSG_NOSIGNAL) but counts such sends in
 *   {@link #sigpipes()}, and the tests require none. macOS knows no MSG_NOSIGNAL: any flag bit is EINVAL there.</li>
 *   <li>SOL_SOCKET 0xffff and the BSD SO_* numbers; SO_ERROR's value is an errno and is translated too; macOS's
 *   SO_LINGER_SEC is Linux's SO_LINGER; struct msghdr with an int msg_iovlen (48 bytes, {@code sys/socket.h}).</li>
 *   <li>O_* and F_* numbers of open(2) and fcntl(2); macOS's F_FULLFSYNC is an fsync here.</li>
 *   <li>FreeBSD's SO_REUSEPORT_LB (12+, {@code sys/socket.h}) is Linux's SO_REUSEPORT, which balances too; the
 *   sockets that set it are recorded ({@link #loadBalanced}). {@link #withoutReusePortLb()} makes a FreeBSD before
 *   12, which knows no such option (EINVAL here). The emulation cannot make Linux's SO_REUSEPORT stop balancing:
 *   what it shows of macOS is that the backend reports it does not balance, not the kernel's behaviour.</li>
 * </ul>
 * Thread safe, like the calls it stands for.
 */
class BsdOverLinux implements PosixSyscalls {
    private static final PosixPlatform L = PosixPlatform.LINUX;
    private static final int LINUX_SO_LINGER = LinuxConstants.SO_LINGER;

    final PosixPlatform bsd;
    private final ThreadLocal<int[]> errno = ThreadLocal.withInitial(() -> new int[1]);
    private final ThreadLocal<NativeMemory> scratch = ThreadLocal.withInitial(() -> NativeMemory.allocate(256));
    /** Per descriptor: whether SO_NOSIGPIPE is set. */
    private final Map<Integer, Boolean> noSigPipe = new ConcurrentHashMap<>();
    private final AtomicInteger sigpipes = new AtomicInteger();
    /** Descriptors with SO_REUSEPORT_LB set. */
    private final Map<Integer, Boolean> loadBalanced = new ConcurrentHashMap<>();
    private volatile boolean reusePortLb = true;

    BsdOverLinux(PosixPlatform bsd) {
        this.bsd = bsd;
    }

    /** As FreeBSD before 12: SO_REUSEPORT_LB is an unknown option. Before any driver opens. */
    BsdOverLinux withoutReusePortLb() {
        reusePortLb = false;
        return this;
    }

    /** @return whether SO_REUSEPORT_LB was set on {@code fd} (and it is still open) */
    boolean loadBalanced(int fd) {
        return loadBalanced.getOrDefault(fd, false);
    }

    /** @return sends that would have raised SIGPIPE on the real OS */
    int sigpipes() {
        return sigpipes.get();
    }

    // ------------------------------------------------------------------ errno

    @Override
    public int errno() {
        return errno.get()[0];
    }

    /** Records the BSD errno for Linux's last one and returns -1. */
    int fail() {
        return failWith(bsd.nativeErrno(L.canonical(Errors.lastErrno())));
    }

    int failWith(int bsdErrno) {
        errno.get()[0] = bsdErrno;
        return -1;
    }

    private long result(long linuxResult) {
        return linuxResult < 0 ? fail() : linuxResult;
    }

    private int result(int linuxResult) {
        return linuxResult < 0 ? fail() : linuxResult;
    }

    private int einval() {
        return failWith(bsd.nativeErrno(io.polyloop.spi.Errno.EINVAL));
    }

    // ------------------------------------------------------------------ sockets

    @Override
    public int socket(int domain, int type, int protocol) {
        int base = type & ~(bsd.SOCK_NONBLOCK | bsd.SOCK_CLOEXEC);
        if (base != bsd.SOCK_STREAM && base != bsd.SOCK_DGRAM) {
            return einval(); // macOS: SOCK_NONBLOCK/SOCK_CLOEXEC bits are not flags there
        }
        int ltype = (base == bsd.SOCK_STREAM ? L.SOCK_STREAM : L.SOCK_DGRAM)
                | ((type & bsd.SOCK_NONBLOCK) != 0 && bsd.SOCK_NONBLOCK != 0 ? L.SOCK_NONBLOCK : 0)
                | ((type & bsd.SOCK_CLOEXEC) != 0 && bsd.SOCK_CLOEXEC != 0 ? L.SOCK_CLOEXEC : 0);
        int ldomain = domain == bsd.AF_INET ? L.AF_INET : domain == bsd.AF_INET6 ? L.AF_INET6 : -1;
        if (ldomain < 0) {
            return failWith(bsd.nativeErrno(io.polyloop.spi.Errno.EAFNOSUPPORT));
        }
        int fd = result(LibC.socket(ldomain, ltype, protocol));
        if (fd >= 0) {
            noSigPipe.put(fd, false);
        }
        return fd;
    }

    @Override
    public int bind(int fd, long addr, int addrLen) {
        long l = toLinux(addr, addrLen);
        return l < 0 ? einval() : result(LibC.bind(fd, l, addrLen));
    }

    @Override
    public int connect(int fd, long addr, int addrLen) {
        long l = toLinux(addr, addrLen);
        return l < 0 ? einval() : result(LibC.connect(fd, l, addrLen));
    }

    @Override
    public int listen(int fd, int backlog) {
        return result(LibC.listen(fd, backlog));
    }

    /** BSD accept: O_NONBLOCK comes from the listener; nothing else does. */
    @Override
    public int accept(int fd, long addr, long addrLenPtr) {
        int fl = LibC.fcntl(fd, L.F_GETFL, 0);
        int inherit = fl >= 0 && (fl & L.O_NONBLOCK) != 0 ? L.SOCK_NONBLOCK : 0;
        return accepted(LibC.accept4(fd, addr, addrLenPtr, inherit), addr, addrLenPtr);
    }

    @Override
    public int accept4(int fd, long addr, long addrLenPtr, int flags) {
        if (!bsd.HAS_ACCEPT4) {
            throw new UnsatisfiedLinkError("Error looking up function 'accept4': " + bsd + " has no accept4");
        }
        if ((flags & ~(bsd.SOCK_NONBLOCK | bsd.SOCK_CLOEXEC)) != 0) {
            return einval();
        }
        int l = ((flags & bsd.SOCK_NONBLOCK) != 0 ? L.SOCK_NONBLOCK : 0)
                | ((flags & bsd.SOCK_CLOEXEC) != 0 ? L.SOCK_CLOEXEC : 0);
        return accepted(LibC.accept4(fd, addr, addrLenPtr, l), addr, addrLenPtr);
    }

    private int accepted(int r, long addr, long addrLenPtr) {
        if (r < 0) {
            return fail();
        }
        noSigPipe.put(r, false);
        toBsd(addr, addrLenPtr);
        return r;
    }

    @Override
    public long recv(int fd, long buf, long len, int flags) {
        return flags != 0 ? einval() : result(LibC.recv(fd, buf, len, 0));
    }

    @Override
    public long send(int fd, long buf, long len, int flags) {
        int lflags = sendFlags(flags);
        return lflags < 0 ? einval() : sent(fd, flags, LibC.send(fd, buf, len, lflags));
    }

    @Override
    public long sendmsg(int fd, long msghdr, int flags) {
        int lflags = sendFlags(flags);
        if (lflags < 0) {
            return einval();
        }
        NativeMemory m = scratch.get();
        ByteBuffer src = new com.sun.jna.Pointer(msghdr).getByteBuffer(0, bsd.MSGHDR_SIZE)
                .order(java.nio.ByteOrder.nativeOrder());
        if (src.getLong(0) != 0 || src.getLong(32) != 0) {
            return einval(); // msg_name and msg_control are not emulated (the backend passes neither)
        }
        ByteBuffer dst = m.buffer();
        for (int i = 128; i < 128 + L.MSGHDR_SIZE; i += 8) {
            dst.putLong(i, 0);
        }
        dst.putLong(128 + L.MSGHDR_IOV_OFFSET, src.getLong(bsd.MSGHDR_IOV_OFFSET));
        dst.putLong(128 + L.MSGHDR_IOVLEN_OFFSET, src.getInt(bsd.MSGHDR_IOVLEN_OFFSET)); // int -> size_t
        return sent(fd, flags, LibC.sendmsg(fd, m.address() + 128, lflags));
    }

    @Override
    public long recvfrom(int fd, long buf, long len, int flags, long addr, long addrLenPtr) {
        if (flags != 0) {
            return einval();
        }
        long n = LibC.recvfrom(fd, buf, len, 0, addr, addrLenPtr);
        if (n < 0) {
            return fail();
        }
        toBsd(addr, addrLenPtr);
        return n;
    }

    @Override
    public long sendto(int fd, long buf, long len, int flags, long addr, int addrLen) {
        int lflags = sendFlags(flags);
        long l = toLinux(addr, addrLen);
        return lflags < 0 || l < 0 ? einval() : sent(fd, flags, LibC.sendto(fd, buf, len, lflags, l, addrLen));
    }

    /** @return Linux's flags (always with MSG_NOSIGNAL: the emulation never raises SIGPIPE), or -1 for bad bits */
    private int sendFlags(int flags) {
        if ((flags & ~bsd.MSG_NOSIGNAL) != 0) {
            return -1;
        }
        return L.MSG_NOSIGNAL;
    }

    private long sent(int fd, int bsdFlags, long n) {
        if (n >= 0) {
            return n;
        }
        if (Errors.lastErrno() == LinuxConstants.EPIPE && (bsdFlags & bsd.MSG_NOSIGNAL) == 0
                && !Boolean.TRUE.equals(noSigPipe.get(fd))) {
            sigpipes.incrementAndGet();
        }
        return fail();
    }

    @Override
    public int shutdown(int fd, int how) {
        return result(LibC.shutdown(fd, how));
    }

    @Override
    public int setsockopt(int fd, int level, int name, long value, int valueLen) {
        if (level == bsd.SOL_SOCKET && name == bsd.SO_NOSIGPIPE && bsd.SO_NOSIGPIPE != 0) {
            int v = new com.sun.jna.Pointer(value).getInt(0);
            noSigPipe.put(fd, v != 0);
            return 0;
        }
        int[] ln = linuxOption(level, name);
        if (ln == null) {
            return einval();
        }
        int r = result(LibC.setsockopt(fd, ln[0], ln[1], value, valueLen));
        if (r == 0 && level == bsd.SOL_SOCKET && name == bsd.SO_REUSEPORT_LB && bsd.SO_REUSEPORT_LB != 0) {
            loadBalanced.put(fd, new com.sun.jna.Pointer(value).getInt(0) != 0);
        }
        return r;
    }

    @Override
    public int getsockopt(int fd, int level, int name, long value, long valueLenPtr) {
        int[] ln = linuxOption(level, name);
        if (ln == null) {
            return einval();
        }
        if (LibC.getsockopt(fd, ln[0], ln[1], value, valueLenPtr) < 0) {
            return fail();
        }
        if (level == bsd.SOL_SOCKET && name == bsd.SO_ERROR) {
            com.sun.jna.Pointer v = new com.sun.jna.Pointer(value);
            int e = v.getInt(0);
            v.setInt(0, e == 0 ? 0 : bsd.nativeErrno(L.canonical(e))); // an errno, in the BSD's numbering
        }
        return 0;
    }

    /** @return {Linux level, Linux name}, or null for an option the emulation does not know */
    private int[] linuxOption(int level, int name) {
        if (level == bsd.IPPROTO_TCP && name == bsd.TCP_NODELAY) {
            return new int[] {L.IPPROTO_TCP, L.TCP_NODELAY};
        }
        if (level == bsd.IPPROTO_IPV6 && name == bsd.IPV6_V6ONLY) {
            return new int[] {L.IPPROTO_IPV6, L.IPV6_V6ONLY};
        }
        if (level != bsd.SOL_SOCKET) {
            return null;
        }
        if (name == bsd.SO_REUSEPORT_LB && bsd.SO_REUSEPORT_LB != 0) {
            return reusePortLb ? new int[] {L.SOL_SOCKET, L.SO_REUSEPORT} : null;
        }
        int[][] table = {
            {bsd.SO_REUSEADDR, L.SO_REUSEADDR}, {bsd.SO_REUSEPORT, L.SO_REUSEPORT}, {bsd.SO_ERROR, L.SO_ERROR},
            {bsd.SO_BROADCAST, L.SO_BROADCAST}, {bsd.SO_SNDBUF, L.SO_SNDBUF}, {bsd.SO_RCVBUF, L.SO_RCVBUF},
            {bsd.SO_KEEPALIVE, L.SO_KEEPALIVE}, {bsd.SO_LINGER, LINUX_SO_LINGER},
        };
        for (int[] row : table) {
            if (row[0] == name) {
                return new int[] {L.SOL_SOCKET, row[1]};
            }
        }
        return null;
    }

    @Override
    public int getsockname(int fd, long addr, long addrLenPtr) {
        if (LibC.getsockname(fd, addr, addrLenPtr) < 0) {
            return fail();
        }
        toBsd(addr, addrLenPtr);
        return 0;
    }

    @Override
    public int getpeername(int fd, long addr, long addrLenPtr) {
        if (LibC.getpeername(fd, addr, addrLenPtr) < 0) {
            return fail();
        }
        toBsd(addr, addrLenPtr);
        return 0;
    }

    // ------------------------------------------------------------------ sockaddr

    /**
     * Copies a BSD sockaddr into this thread's scratch in Linux's layout.
     *
     * @return its address, or -1 if sa_len, the family or the length are not what the BSD's kernel accepts
     */
    private long toLinux(long addr, int addrLen) {
        com.sun.jna.Pointer p = new com.sun.jna.Pointer(addr);
        int len = p.getByte(0) & 0xff;
        int family = p.getByte(1) & 0xff;
        int expected = family == bsd.AF_INET ? bsd.SOCKADDR_IN_SIZE : family == bsd.AF_INET6 ? bsd.SOCKADDR_IN6_SIZE : -1;
        if (expected < 0 || len != expected || addrLen != expected) {
            return -1;
        }
        NativeMemory m = scratch.get();
        ByteBuffer b = m.buffer();
        for (int i = 0; i < addrLen; i++) {
            b.put(i, p.getByte(i));
        }
        b.putShort(0, (short) (family == bsd.AF_INET ? L.AF_INET : L.AF_INET6));
        return m.address();
    }

    /** Rewrites, in place, the Linux sockaddr the kernel wrote into the BSD layout: {u8 len, u8 family}. */
    private void toBsd(long addr, long addrLenPtr) {
        if (addr == 0) {
            return;
        }
        com.sun.jna.Pointer p = new com.sun.jna.Pointer(addr);
        int family = p.getShort(0) & 0xffff;
        int len = new com.sun.jna.Pointer(addrLenPtr).getInt(0);
        if (family == L.AF_INET) {
            p.setByte(0, (byte) bsd.SOCKADDR_IN_SIZE);
            p.setByte(1, (byte) bsd.AF_INET);
        } else if (family == L.AF_INET6) {
            p.setByte(0, (byte) bsd.SOCKADDR_IN6_SIZE);
            p.setByte(1, (byte) bsd.AF_INET6);
        } else {
            p.setByte(0, (byte) len);
        }
    }

    // ------------------------------------------------------------------ files and descriptors

    @Override
    public int open(byte[] nulTerminatedPath, int flags, int mode) {
        int known = bsd.O_RDONLY | bsd.O_WRONLY | bsd.O_RDWR | bsd.O_CREAT | bsd.O_EXCL | bsd.O_TRUNC | bsd.O_APPEND
                | bsd.O_NONBLOCK | bsd.O_CLOEXEC;
        if ((flags & ~known) != 0) {
            return einval();
        }
        int acc = flags & 3;
        int l = (acc == bsd.O_RDWR ? L.O_RDWR : acc == bsd.O_WRONLY ? L.O_WRONLY : L.O_RDONLY)
                | map(flags, bsd.O_CREAT, L.O_CREAT) | map(flags, bsd.O_EXCL, L.O_EXCL)
                | map(flags, bsd.O_TRUNC, L.O_TRUNC) | map(flags, bsd.O_APPEND, L.O_APPEND)
                | map(flags, bsd.O_NONBLOCK, L.O_NONBLOCK) | map(flags, bsd.O_CLOEXEC, L.O_CLOEXEC);
        return result(Variadic.open(nulTerminatedPath, l, mode));
    }

    private static int map(int flags, int from, int to) {
        return (flags & from) != 0 ? to : 0;
    }

    @Override
    public int fcntl(int fd, int cmd, int arg) {
        if (cmd == bsd.F_GETFD || cmd == bsd.F_SETFD) {
            return result(Variadic.fcntl(fd, cmd == bsd.F_GETFD ? L.F_GETFD : L.F_SETFD, arg)); // FD_CLOEXEC is 1
        }
        if (cmd == bsd.F_GETFL) {
            int l = Variadic.fcntl(fd, L.F_GETFL, 0);
            if (l < 0) {
                return fail();
            }
            int acc = l & 3;
            return (acc == L.O_RDWR ? bsd.O_RDWR : acc == L.O_WRONLY ? bsd.O_WRONLY : bsd.O_RDONLY)
                    | map(l, L.O_APPEND, bsd.O_APPEND) | map(l, L.O_NONBLOCK, bsd.O_NONBLOCK);
        }
        if (cmd == bsd.F_SETFL) {
            if ((arg & ~(bsd.O_NONBLOCK | bsd.O_APPEND | 3)) != 0) {
                return einval();
            }
            return result(Variadic.fcntl(fd, L.F_SETFL,
                    map(arg, bsd.O_NONBLOCK, L.O_NONBLOCK) | map(arg, bsd.O_APPEND, L.O_APPEND)));
        }
        if (bsd.F_FULLFSYNC != 0 && cmd == bsd.F_FULLFSYNC) {
            return result(LibC.fsync(fd));
        }
        return einval();
    }

    @Override
    public long pread(int fd, long buf, long count, long offset) {
        return result(LibC.pread(fd, buf, count, offset));
    }

    @Override
    public long pwrite(int fd, long buf, long count, long offset) {
        return result(LibC.pwrite(fd, buf, count, offset));
    }

    @Override
    public long write(int fd, long buf, long count) {
        return result(LibC.write(fd, buf, count));
    }

    @Override
    public int fsync(int fd) {
        return result(LibC.fsync(fd));
    }

    @Override
    public int fdatasync(int fd) {
        if (!bsd.HAS_FDATASYNC) {
            throw new UnsatisfiedLinkError("Error looking up function 'fdatasync': " + bsd + " declares none");
        }
        return result(LibC.fdatasync(fd));
    }

    @Override
    public int close(int fd) {
        noSigPipe.remove(fd);
        loadBalanced.remove(fd);
        return result(LibC.close(fd));
    }
}
