package io.polyloop.epoll;

import io.polyloop.posix.DirectBuffers;
import io.polyloop.posix.Errors;
import io.polyloop.posix.LibC;
import io.polyloop.posix.NativeMemory;
import io.polyloop.posix.SockAddr;
import io.polyloop.posix.SocketOptions;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import static io.polyloop.posix.LinuxConstants.EAGAIN;
import static io.polyloop.posix.LinuxConstants.EALREADY;
import static io.polyloop.posix.LinuxConstants.EINPROGRESS;
import static io.polyloop.posix.LinuxConstants.EINTR;
import static io.polyloop.posix.LinuxConstants.EISCONN;
import static io.polyloop.posix.LinuxConstants.IOV_MAX;
import static io.polyloop.posix.LinuxConstants.IOVEC_SIZE;
import static io.polyloop.posix.LinuxConstants.MSGHDR_IOVLEN_OFFSET;
import static io.polyloop.posix.LinuxConstants.MSGHDR_IOV_OFFSET;
import static io.polyloop.posix.LinuxConstants.MSGHDR_SIZE;
import static io.polyloop.posix.LinuxConstants.MSG_NOSIGNAL;
import static io.polyloop.posix.LinuxConstants.SOCKADDR_STORAGE_SIZE;
import static io.polyloop.posix.LinuxConstants.SOCK_CLOEXEC;
import static io.polyloop.posix.LinuxConstants.SOCK_NONBLOCK;

/**
 * The non-blocking socket syscalls of one driver, over scratch memory allocated once (sockaddr, socklen, msghdr and
 * an iovec array): nothing is allocated per call except the peer address of a new connection or datagram sender.
 * Each method retries EINTR and returns bytes (or a new fd, or 0), {@link #AGAIN} when the call would block, or a
 * negative SPI code. Not thread safe: loop thread only.
 */
final class SocketIo {
    /** "Would block": wait for readiness. Distinct from every valid result and every -errno. */
    static final int AGAIN = Integer.MIN_VALUE;

    static final int SOCKADDR = 0;
    static final int SOCKLEN = SOCKADDR + SOCKADDR_STORAGE_SIZE;
    static final int OPTION = SOCKLEN + 8;
    static final int MSGHDR = OPTION + 16;
    static final int IOV = MSGHDR + MSGHDR_SIZE + 8;
    static final int CMSG = IOV + IOV_MAX * IOVEC_SIZE;
    static final int SIZE = CMSG + TcpInq.CMSG_SPACE;

    final NativeMemory mem = NativeMemory.allocate(SIZE);
    final SockAddr codec = new SockAddr();
    private final long base = mem.address();
    private final ByteBuffer view = mem.buffer();
    private InetSocketAddress peer;
    /** Bytes the last send or sendVectored offered. */
    private long sendLength;
    /** Calls that returned EAGAIN (a syscall spent for nothing), for tests. */
    private long wouldBlock;
    /** Bytes the last {@link #recvInq} left in the receive queue, or -1 if the kernel did not say. */
    private int inq = -1;

    int recv(int fd, ByteBuffer dst) {
        long addr = DirectBuffers.positionAddress(dst);
        long n;
        do {
            n = LibC.recv(fd, addr, dst.remaining(), 0);
        } while (n < 0 && Errors.lastErrno() == EINTR);
        return result(n);
    }

    /**
     * A recv that also learns how many bytes it left in the receive queue ({@link #leftInQueue()}); the socket must
     * have TCP_INQ on ({@link #enableInq}). recvmsg over one iovec and a control buffer, all in the scratch memory.
     */
    int recvInq(int fd, ByteBuffer dst) {
        view.putLong(IOV, DirectBuffers.positionAddress(dst));
        view.putLong(IOV + 8, dst.remaining());
        view.putLong(MSGHDR, 0); // no name
        view.putLong(MSGHDR + 8, 0);
        view.putLong(MSGHDR + MSGHDR_IOV_OFFSET, base + IOV);
        view.putLong(MSGHDR + MSGHDR_IOVLEN_OFFSET, 1);
        view.putLong(MSGHDR + TcpInq.MSGHDR_CONTROL_OFFSET, base + CMSG);
        view.putLong(MSGHDR + TcpInq.MSGHDR_FLAGS_OFFSET, 0); // out
        long n;
        do {
            view.putLong(MSGHDR + TcpInq.MSGHDR_CONTROLLEN_OFFSET, TcpInq.CMSG_SPACE); // in/out
            n = LibC.recvmsg(fd, base + MSGHDR, 0);
        } while (n < 0 && Errors.lastErrno() == EINTR);
        inq = n >= 0 && view.getLong(MSGHDR + TcpInq.MSGHDR_CONTROLLEN_OFFSET) >= TcpInq.CMSG_LEN
                && view.getInt(CMSG + TcpInq.CMSG_LEVEL_OFFSET) == TcpInq.SOL_TCP
                && view.getInt(CMSG + TcpInq.CMSG_TYPE_OFFSET) == TcpInq.TCP_INQ
                ? view.getInt(CMSG + TcpInq.CMSG_DATA_OFFSET) : -1;
        return result(n);
    }

    /** @return bytes the last {@link #recvInq} left in the receive queue (at least 1 after a FIN), or -1: unknown */
    int leftInQueue() {
        return inq;
    }

    /** Turns TCP_INQ on for a stream socket. @return false if the kernel refused it (before Linux 4.18) */
    boolean enableInq(int fd) {
        view.putInt(OPTION, 1);
        return LibC.setsockopt(fd, TcpInq.SOL_TCP, TcpInq.TCP_INQ, base + OPTION, 4) == 0;
    }

    int send(int fd, ByteBuffer src) {
        long addr = DirectBuffers.positionAddress(src);
        sendLength = src.remaining();
        long n;
        do {
            n = LibC.send(fd, addr, src.remaining(), MSG_NOSIGNAL);
        } while (n < 0 && Errors.lastErrno() == EINTR);
        return result(n);
    }

    /** Gathers at most IOV_MAX buffers; the rest wait for the resubmission that follows a partial send. */
    int sendVectored(int fd, ByteBuffer[] srcs, int offset, int length) {
        int count = Math.min(length, IOV_MAX);
        long total = 0;
        for (int i = 0; i < count; i++) {
            ByteBuffer b = srcs[offset + i];
            view.putLong(IOV + i * IOVEC_SIZE, DirectBuffers.positionAddress(b));
            view.putLong(IOV + i * IOVEC_SIZE + 8, b.remaining());
            total += b.remaining();
        }
        sendLength = total;
        for (int i = 0; i < MSGHDR_SIZE; i += 8) {
            view.putLong(MSGHDR + i, 0);
        }
        view.putLong(MSGHDR + MSGHDR_IOV_OFFSET, base + IOV);
        view.putLong(MSGHDR + MSGHDR_IOVLEN_OFFSET, count);
        long n;
        do {
            n = LibC.sendmsg(fd, base + MSGHDR, MSG_NOSIGNAL);
        } while (n < 0 && Errors.lastErrno() == EINTR);
        return result(n);
    }

    /** On success the sender is {@link #peer()}. */
    int recvFrom(int fd, ByteBuffer dst) {
        long addr = DirectBuffers.positionAddress(dst);
        long n;
        do {
            view.putInt(SOCKLEN, SOCKADDR_STORAGE_SIZE);
            n = LibC.recvfrom(fd, addr, dst.remaining(), 0, base + SOCKADDR, base + SOCKLEN);
        } while (n < 0 && Errors.lastErrno() == EINTR);
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
            n = LibC.sendto(fd, addr, src.remaining(), MSG_NOSIGNAL, base + SOCKADDR, len);
        } while (n < 0 && Errors.lastErrno() == EINTR);
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
            r = LibC.connect(fd, base + SOCKADDR, len);
        } while (r < 0 && Errors.lastErrno() == EINTR);
        if (r == 0) {
            return 0;
        }
        int e = Errors.lastErrno();
        if (e == EINPROGRESS || e == EALREADY) {
            return AGAIN;
        }
        return e == EISCONN ? 0 : -Errors.canonical(e);
    }

    /** After a writable/error event on a connecting socket: 0 or -SO_ERROR. */
    int finishConnect(int fd) {
        int e = SocketOptions.pendingError(fd, mem, OPTION);
        return e == 0 ? 0 : -Errors.canonical(e);
    }

    /** @return a new non-blocking fd (the peer in {@link #peer()}), AGAIN, or -errno */
    int accept(int fd) {
        int r;
        do {
            view.putInt(SOCKLEN, SOCKADDR_STORAGE_SIZE);
            r = LibC.accept4(fd, base + SOCKADDR, base + SOCKLEN, SOCK_NONBLOCK | SOCK_CLOEXEC);
        } while (r < 0 && Errors.lastErrno() == EINTR);
        if (r >= 0) {
            peer = codec.decode(view, SOCKADDR, view.getInt(SOCKLEN));
            return r;
        }
        return result(r);
    }

    /** Bytes the last {@link #send} or {@link #sendVectored} offered: a result below it is a partial send. */
    long lastSendLength() {
        return sendLength;
    }

    /** The peer of the last accept or the sender of the last datagram. */
    InetSocketAddress peer() {
        return peer;
    }

    private int result(long n) {
        if (n >= 0) {
            return (int) n;
        }
        int e = Errors.lastErrno();
        if (e == EAGAIN) {
            wouldBlock++;
            return AGAIN;
        }
        return -Errors.canonical(e);
    }

    /** @return how many calls returned EAGAIN so far */
    long wouldBlockCount() {
        return wouldBlock;
    }

    void free() {
        mem.free();
    }
}
