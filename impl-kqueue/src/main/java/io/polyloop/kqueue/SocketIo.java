package io.polyloop.kqueue;

import io.polyloop.posix.DirectBuffers;
import io.polyloop.posix.NativeMemory;
import io.polyloop.posix.PosixPlatform;
import io.polyloop.posix.SockAddr;
import io.polyloop.posix.SocketOptions;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The non-blocking socket syscalls of one driver, in the numbering and layouts of its BSD, over scratch memory
 * allocated once (sockaddr, socklen, msghdr and an iovec array): nothing is allocated per call except the peer
 * address of a new connection or datagram sender. Each method retries EINTR and returns bytes (or a new fd, or 0),
 * {@link #AGAIN} when the call would block, or a negative SPI code.
 *
 * <p>SIGPIPE: where the OS has MSG_NOSIGNAL (FreeBSD) every send passes it; where it has not (macOS) every socket
 * carries SO_NOSIGPIPE from its creation ({@link SocketSetup}, {@link #accept}) and sends pass no flag.
 *
 * <p>Not thread safe: loop thread only.
 */
final class SocketIo {
    /** "Would block": wait for readiness. Distinct from every valid result and every -errno. */
    static final int AGAIN = Integer.MIN_VALUE;

    static final int SOCKADDR = 0;
    static final int SOCKLEN = SOCKADDR + 128;
    static final int OPTION = SOCKLEN + 8;
    static final int MSGHDR = OPTION + 16;
    static final int IOV = MSGHDR + 64;

    final KqueueSyscalls sys;
    final PosixPlatform p;
    final NativeMemory mem;
    final SockAddr codec;
    private final int noSignal;
    private final long base;
    private final ByteBuffer view;
    private InetSocketAddress peer;

    SocketIo(KqueueSyscalls sys, PosixPlatform p) {
        this.sys = sys;
        this.p = p;
        this.mem = NativeMemory.allocate(IOV + p.IOV_MAX * p.IOVEC_SIZE);
        this.codec = new SockAddr(p);
        this.noSignal = p.MSG_NOSIGNAL;
        this.base = mem.address();
        this.view = mem.buffer();
    }

    int recv(int fd, ByteBuffer dst) {
        long addr = DirectBuffers.positionAddress(dst);
        long n;
        do {
            n = sys.recv(fd, addr, dst.remaining(), 0);
        } while (n < 0 && sys.errno() == p.EINTR);
        return result(n);
    }

    int send(int fd, ByteBuffer src) {
        long addr = DirectBuffers.positionAddress(src);
        long n;
        do {
            n = sys.send(fd, addr, src.remaining(), noSignal);
        } while (n < 0 && sys.errno() == p.EINTR);
        return result(n);
    }

    /** Gathers at most IOV_MAX buffers; the rest wait for the resubmission that follows a partial send. */
    int sendVectored(int fd, ByteBuffer[] srcs, int offset, int length) {
        int count = Math.min(length, p.IOV_MAX);
        for (int i = 0; i < count; i++) {
            ByteBuffer b = srcs[offset + i];
            view.putLong(IOV + i * p.IOVEC_SIZE, DirectBuffers.positionAddress(b));
            view.putLong(IOV + i * p.IOVEC_SIZE + 8, b.remaining());
        }
        for (int i = 0; i < p.MSGHDR_SIZE; i += 8) {
            view.putLong(MSGHDR + i, 0);
        }
        view.putLong(MSGHDR + p.MSGHDR_IOV_OFFSET, base + IOV);
        if (p.MSGHDR_IOVLEN_SIZE == 4) {
            view.putInt(MSGHDR + p.MSGHDR_IOVLEN_OFFSET, count); // int msg_iovlen on the BSDs
        } else {
            view.putLong(MSGHDR + p.MSGHDR_IOVLEN_OFFSET, count);
        }
        long n;
        do {
            n = sys.sendmsg(fd, base + MSGHDR, noSignal);
        } while (n < 0 && sys.errno() == p.EINTR);
        return result(n);
    }

    /** On success the sender is {@link #peer()}. */
    int recvFrom(int fd, ByteBuffer dst) {
        long addr = DirectBuffers.positionAddress(dst);
        long n;
        do {
            view.putInt(SOCKLEN, p.SOCKADDR_STORAGE_SIZE);
            n = sys.recvfrom(fd, addr, dst.remaining(), 0, base + SOCKADDR, base + SOCKLEN);
        } while (n < 0 && sys.errno() == p.EINTR);
        if (n >= 0) {
            peer = codec.decode(view, SOCKADDR, view.getInt(SOCKLEN));
        }
        return result(n);
    }

    int sendTo(int fd, ByteBuffer src, InetSocketAddress target, boolean ipv6) {
        int len = codec.encode(target, ipv6, view, SOCKADDR);
        if (len < 0) {
            return len;
        }
        long addr = DirectBuffers.positionAddress(src);
        long n;
        do {
            n = sys.sendto(fd, addr, src.remaining(), noSignal, base + SOCKADDR, len);
        } while (n < 0 && sys.errno() == p.EINTR);
        return result(n);
    }

    /**
     * Starts (or, after a hot swap, re-checks) a connect: 0 when connected, AGAIN while in progress (EINPROGRESS,
     * or EALREADY for a connect another driver started), else -errno.
     */
    int connect(int fd, InetSocketAddress target, boolean ipv6) {
        int len = codec.encode(target, ipv6, view, SOCKADDR);
        if (len < 0) {
            return len;
        }
        int r;
        do {
            r = sys.connect(fd, base + SOCKADDR, len);
        } while (r < 0 && sys.errno() == p.EINTR);
        if (r == 0) {
            return 0;
        }
        int e = sys.errno();
        if (e == p.EINPROGRESS || e == p.EALREADY) {
            return AGAIN;
        }
        return e == p.EISCONN ? 0 : -p.canonical(e);
    }

    /** After a writable (or EV_EOF) event on a connecting socket: 0 or -SO_ERROR. */
    int finishConnect(int fd) {
        int e = SocketOptions.pendingError(sys, p, fd, mem, OPTION);
        return e == 0 ? 0 : -p.canonical(e);
    }

    /**
     * @return a new non-blocking, close-on-exec fd (the peer in {@link #peer()}), AGAIN, or -errno. With accept4
     *         (FreeBSD) that is one call. macOS has none: accept(2) there gives the new socket the listener's file
     *         status flags, O_NONBLOCK included (XNU {@code accept_nocancel} copies the listening file's
     *         {@code f_flag}; Linux is the one that does not, see accept(2) NOTES), but neither the descriptor flag
     *         FD_CLOEXEC nor, reliably, SO_NOSIGPIPE: both are set here.
     */
    int accept(int fd) {
        int r;
        do {
            view.putInt(SOCKLEN, p.SOCKADDR_STORAGE_SIZE);
            r = p.HAS_ACCEPT4 ? sys.accept4(fd, base + SOCKADDR, base + SOCKLEN, p.SOCK_NONBLOCK | p.SOCK_CLOEXEC)
                    : sys.accept(fd, base + SOCKADDR, base + SOCKLEN);
        } while (r < 0 && sys.errno() == p.EINTR);
        if (r < 0) {
            return result(r);
        }
        if (!p.HAS_ACCEPT4 || p.MSG_NOSIGNAL == 0) {
            int e = SocketSetup.finishBsdSocket(sys, p, r, mem, OPTION, !p.HAS_ACCEPT4, false);
            if (e != 0) {
                sys.close(r);
                return -p.canonical(e);
            }
        }
        peer = codec.decode(view, SOCKADDR, view.getInt(SOCKLEN));
        return r;
    }

    /** The peer of the last accept or the sender of the last datagram. */
    InetSocketAddress peer() {
        return peer;
    }

    private int result(long n) {
        if (n >= 0) {
            return (int) n;
        }
        int e = sys.errno();
        return e == p.EAGAIN ? AGAIN : -p.canonical(e);
    }

    void free() {
        mem.free();
    }
}
