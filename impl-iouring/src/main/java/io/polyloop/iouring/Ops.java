package io.polyloop.iouring;

import io.polyloop.posix.DirectBuffers;
import io.polyloop.posix.Errors;
import io.polyloop.posix.LibC;
import io.polyloop.posix.SockAddr;
import io.polyloop.posix.SocketOptions;
import io.polyloop.spi.Errno;
import io.polyloop.spi.HandleKind;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.io.IOException;
import java.nio.ByteBuffer;

import static io.polyloop.iouring.HandleState.R_IOV;
import static io.polyloop.iouring.HandleState.R_MSGHDR;
import static io.polyloop.iouring.HandleState.R_SOCKADDR;
import static io.polyloop.iouring.HandleState.R_SOCKLEN;
import static io.polyloop.iouring.HandleState.W_IOV;
import static io.polyloop.iouring.HandleState.W_IOV_MAX;
import static io.polyloop.iouring.HandleState.W_MSGHDR;
import static io.polyloop.iouring.HandleState.W_SOCKADDR;
import static io.polyloop.posix.LinuxConstants.EALREADY;
import static io.polyloop.posix.LinuxConstants.EINPROGRESS;
import static io.polyloop.posix.LinuxConstants.EINTR;
import static io.polyloop.posix.LinuxConstants.EISCONN;
import static io.polyloop.posix.LinuxConstants.MSGHDR_IOVLEN_OFFSET;
import static io.polyloop.posix.LinuxConstants.MSGHDR_IOV_OFFSET;
import static io.polyloop.posix.LinuxConstants.MSGHDR_SIZE;
import static io.polyloop.posix.LinuxConstants.MSG_NOSIGNAL;
import static io.polyloop.posix.LinuxConstants.SOCKADDR_STORAGE_SIZE;
import static io.polyloop.posix.LinuxConstants.SOCK_CLOEXEC;
import static io.polyloop.posix.LinuxConstants.SOCK_NONBLOCK;

/**
 * SPI operations as SQEs, and CQE results back as SPI results. {@link #start} writes the SQE of the head of a queue
 * (plus what the kernel reads through it into the handle's scratch); {@link #interpret} turns its CQE's {@code res}
 * into the request's outcome (a new handle for ACCEPT, the sender of RECV_FROM, SO_ERROR for a connect finished by
 * poll). Nothing here allocates, except the handle of an accepted connection and a peer address the codec has not
 * seen. Not thread safe: loop thread only.
 */
final class Ops {
    /** {@link #start}: the SQE is written; the CQE will tell. */
    static final int STARTED = Integer.MIN_VALUE;
    /** {@link #interpret}: run the head again (ECONNABORTED on accept: the peer gave up while queued). */
    static final int RETRY = Integer.MIN_VALUE + 1;

    /** driverData of a CONNECT taken over from another driver: its connect(2) may be in progress already. */
    static final Object ADOPTED_CONNECT = new Object();
    /** driverData of a CONNECT whose completion is awaited with POLL_ADD(POLLOUT), then read from SO_ERROR. */
    static final Object POLLING_CONNECT = new Object();

    private static final int MSGHDR_NAMELEN_OFFSET = 8;
    private static final int POLLERR = 0x008;
    private static final int POLLHUP = 0x010;

    private final Ring ring;
    private final HandleRegistry handles;
    private final SockAddr codec = new SockAddr();
    private final SpareFd spare;

    Ops(Ring ring, HandleRegistry handles, SpareFd spare) {
        this.ring = ring;
        this.handles = handles;
        this.spare = spare;
    }

    /**
     * @return {@link #STARTED}, or the result to complete the head with at once (a bad address, an empty gathering
     *         send, an adopted connect that is already done or failed)
     */
    int start(HandleState st, IoRequest r, long userData) throws IOException {
        if (st.scratch == null && usesScratch(r.op())) {
            st.scratch = handles.scratch(); // stays until the handle leaves: the kernel may read it until the CQE
        }
        ByteBuffer s = st.scratch == null ? null : st.scratch.buffer();
        long base = st.scratch == null ? 0 : st.scratch.address();
        ByteBuffer q = ring.sq.sqes();
        int at;
        switch (r.op()) {
            case ACCEPT:
                s.putInt(R_SOCKLEN, SOCKADDR_STORAGE_SIZE);
                at = ring.sqe();
                Sqe.prep(q, at, IoUring.OP_ACCEPT, st.fd, base + R_SOCKADDR, 0, base + R_SOCKLEN,
                        SOCK_CLOEXEC | SOCK_NONBLOCK, userData);
                break;
            case RECV:
                at = ring.sqe();
                Sqe.prep(q, at, IoUring.OP_RECV, st.fd, DirectBuffers.positionAddress(r.buffer()),
                        r.buffer().remaining(), 0, 0, userData);
                break;
            case RECV_SELECT: { // single-shot (no buffer ring): the buffer is taken as the RECV goes to the kernel
                ByteBuffer b = r.receiveBuffer();
                if (b == null) {
                    return -Errno.ENOBUFS; // no memory for it: nothing goes to the kernel, the front end tries later
                }
                at = ring.sqe();
                Sqe.prep(q, at, IoUring.OP_RECV, st.fd, DirectBuffers.positionAddress(b), b.remaining(), 0, 0,
                        userData);
                break;
            }
            case RECV_FROM:
                message(s, base, R_MSGHDR, R_SOCKADDR, SOCKADDR_STORAGE_SIZE, R_IOV, r.buffer());
                at = ring.sqe();
                Sqe.prep(q, at, IoUring.OP_RECVMSG, st.fd, base + R_MSGHDR, 1, 0, 0, userData);
                break;
            case SEND:
                at = ring.sqe();
                Sqe.prep(q, at, IoUring.OP_SEND, st.fd, DirectBuffers.positionAddress(r.buffer()),
                        r.buffer().remaining(), 0, MSG_NOSIGNAL, userData);
                break;
            case SEND_VECTORED: {
                int n = gather(s, base, r);
                if (n == 0) {
                    return 0; // nothing to send in any buffer: sent 0 bytes
                }
                at = ring.sqe();
                Sqe.prep(q, at, IoUring.OP_SENDMSG, st.fd, base + W_MSGHDR, 1, 0, MSG_NOSIGNAL, userData);
                break;
            }
            case SEND_TO: {
                int len = codec.encode(r.address(), st.handle.isIpv6(), s, W_SOCKADDR);
                if (len < 0) {
                    return len;
                }
                message(s, base, W_MSGHDR, W_SOCKADDR, len, W_IOV, r.buffer());
                at = ring.sqe();
                Sqe.prep(q, at, IoUring.OP_SENDMSG, st.fd, base + W_MSGHDR, 1, 0, MSG_NOSIGNAL, userData);
                break;
            }
            case CONNECT: {
                int len = codec.encode(r.address(), st.handle.isIpv6(), s, W_SOCKADDR);
                if (len < 0) {
                    return len;
                }
                if (r.driverData() == ADOPTED_CONNECT) {
                    return resumeConnect(st, r, base, len, userData);
                }
                at = ring.sqe();
                Sqe.prep(q, at, IoUring.OP_CONNECT, st.fd, base + W_SOCKADDR, 0, len, 0, userData);
                break;
            }
            case READ:
                at = ring.sqe();
                Sqe.prep(q, at, IoUring.OP_READ, st.fd, DirectBuffers.positionAddress(r.buffer()),
                        r.buffer().remaining(), r.position(), 0, userData);
                break;
            case WRITE:
                // on an O_APPEND fd (FileFlags.APPEND) the kernel appends whatever the offset says, as pwrite(2) does
                at = ring.sqe();
                Sqe.prep(q, at, IoUring.OP_WRITE, st.fd, DirectBuffers.positionAddress(r.buffer()),
                        r.buffer().remaining(), r.position(), 0, userData);
                break;
            case FSYNC:
                at = ring.sqe();
                Sqe.prep(q, at, IoUring.OP_FSYNC, st.fd, 0, 0, 0, r.dataOnly() ? IoUring.FSYNC_DATASYNC : 0,
                        userData);
                break;
            default:
                throw new AssertionError(r.op());
        }
        r.driverWord(userData);
        return STARTED;
    }

    /** Whether the kernel reads or fills the handle's scratch for {@code op} (sockaddr, socklen, msghdr, iovecs). */
    private static boolean usesScratch(IoRequest.Op op) {
        switch (op) {
            case ACCEPT:
            case RECV_FROM:
            case SEND_VECTORED:
            case SEND_TO:
            case CONNECT:
                return true;
            default:
                return false;
        }
    }

    /**
     * A CONNECT another driver started (or had not yet): connect(2) again says where it stands (EALREADY while the
     * handshake runs, EISCONN once done); in progress, POLL_ADD(POLLOUT) waits for its end (IORING_OP_CONNECT
     * itself would fail with EALREADY).
     */
    private int resumeConnect(HandleState st, IoRequest r, long base, int len, long userData) throws IOException {
        int c;
        do {
            c = LibC.connect(st.fd, base + W_SOCKADDR, len);
        } while (c < 0 && Errors.lastErrno() == EINTR);
        int e = c < 0 ? Errors.lastErrno() : 0;
        if (c == 0 || e == EISCONN) {
            r.driverData(null);
            return 0;
        }
        if (e != EINPROGRESS && e != EALREADY) {
            r.driverData(null);
            return -Errors.canonical(e);
        }
        int at = ring.sqe();
        Sqe.prep(ring.sq.sqes(), at, IoUring.OP_POLL_ADD, st.fd, 0, 0, 0, IoUring.POLLOUT, userData);
        r.driverData(POLLING_CONNECT);
        r.driverWord(userData);
        return STARTED;
    }

    /** A msghdr for one buffer and a sockaddr (a name of {@code nameLen} bytes: the target, or room for the sender). */
    private static void message(ByteBuffer s, long base, int msghdr, int name, int nameLen, int iov, ByteBuffer b) {
        for (int i = 0; i < MSGHDR_SIZE; i += 8) {
            s.putLong(msghdr + i, 0L);
        }
        s.putLong(msghdr, base + name);
        s.putInt(msghdr + MSGHDR_NAMELEN_OFFSET, nameLen);
        s.putLong(msghdr + MSGHDR_IOV_OFFSET, base + iov);
        s.putLong(msghdr + MSGHDR_IOVLEN_OFFSET, 1);
        s.putLong(iov, DirectBuffers.positionAddress(b));
        s.putLong(iov + 8, b.remaining());
    }

    /**
     * The iovecs of a SEND_VECTORED: at most {@link HandleState#W_IOV_MAX} non-empty buffers (the caller resubmits
     * after the partial send this makes), empty ones skipped so that progress is always possible.
     *
     * @return the number of iovecs written
     */
    private static int gather(ByteBuffer s, long base, IoRequest r) {
        ByteBuffer[] srcs = r.buffers();
        int n = 0;
        for (int i = r.buffersOffset(); i < r.buffersOffset() + r.buffersLength() && n < W_IOV_MAX; i++) {
            ByteBuffer b = srcs[i];
            if (b.hasRemaining()) {
                s.putLong(W_IOV + n * 16, DirectBuffers.positionAddress(b));
                s.putLong(W_IOV + n * 16 + 8, b.remaining());
                n++;
            }
        }
        for (int i = 0; i < MSGHDR_SIZE; i += 8) {
            s.putLong(W_MSGHDR + i, 0L);
        }
        s.putLong(W_MSGHDR + MSGHDR_IOV_OFFSET, base + W_IOV);
        s.putLong(W_MSGHDR + MSGHDR_IOVLEN_OFFSET, n);
        return n;
    }

    /** @return the outcome of the head {@code r} whose CQE carried {@code res}, or {@link #RETRY} */
    int interpret(HandleState st, IoRequest r, int res) {
        switch (r.op()) {
            case ACCEPT:
                if (res == -Errno.ECONNABORTED) {
                    return RETRY;
                }
                if (res == -Errno.EMFILE || res == -Errno.ENFILE) {
                    spare.shed(st.fd); // the caller sees -EMFILE; the queued clients see a reset, not a hang
                }
                if (res >= 0) {
                    ByteBuffer s = st.scratch.buffer();
                    IoHandle h = new IoHandle(HandleKind.TCP_STREAM, res, st.handle.isIpv6());
                    handles.attach(h);
                    r.accepted(h);
                    r.address(codec.decode(s, R_SOCKADDR, s.getInt(R_SOCKLEN)));
                    return 0;
                }
                return res;
            case RECV_FROM:
                if (res >= 0) {
                    ByteBuffer s = st.scratch.buffer();
                    r.address(codec.decode(s, R_SOCKADDR, s.getInt(R_MSGHDR + MSGHDR_NAMELEN_OFFSET)));
                }
                return res;
            case CONNECT:
                if (r.driverData() == POLLING_CONNECT) {
                    r.driverData(null);
                    if (res < 0) {
                        return res;
                    }
                    int e = SocketOptions.pendingError(st.fd, st.scratch, W_MSGHDR);
                    if (e != 0) {
                        return -Errors.canonical(e);
                    }
                    return (res & (POLLERR | POLLHUP)) != 0 ? -Errno.ECONNREFUSED : 0;
                }
                return res;
            default:
                return res;
        }
    }
}
