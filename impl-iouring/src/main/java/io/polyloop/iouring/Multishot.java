package io.polyloop.iouring;

import io.polyloop.posix.DirectBuffers;
import io.polyloop.posix.Errors;
import io.polyloop.posix.LibC;
import io.polyloop.posix.SocketSetup;
import io.polyloop.posix.readiness.RequestQueue;
import io.polyloop.spi.CarriedInput;
import io.polyloop.spi.Errno;
import io.polyloop.spi.HandleKind;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import static io.polyloop.iouring.IoUring.CQE_BUFFER_SHIFT;
import static io.polyloop.iouring.IoUring.CQE_F_BUFFER;
import static io.polyloop.iouring.IoUring.CQE_F_MORE;
import static io.polyloop.posix.LinuxConstants.EAGAIN;
import static io.polyloop.posix.LinuxConstants.EINTR;
import static io.polyloop.posix.LinuxConstants.SOCK_CLOEXEC;
import static io.polyloop.posix.LinuxConstants.SOCK_NONBLOCK;

/**
 * Multishot ACCEPT (IORING_ACCEPT_MULTISHOT) and multishot RECV (IORING_RECV_MULTISHOT from the {@link BufferRing})
 * as a driver-internal source that feeds the ACCEPT and RECV requests of a handle one by one, each of which still
 * completes exactly once. One op per handle ({@link Feed#armed}), armed when a request waits, kept armed while
 * requests come, cancelled when its {@link Feed} is full, and armed again when the kernel ends it (a CQE without
 * IORING_CQE_F_MORE: ENOBUFS when the buffer ring ran dry, a cancel, an error) and a request waits. A RECV takes
 * the received bytes it has room for; the rest is kept for the next RECV. A stream whose feed filled is
 * {@link Feed#lagging}: each waiting RECV arms a single-shot POLL_ADD(POLLIN) and is filled by recv(2) when it
 * fires, until one drains the socket; then multishot again. The provided buffer goes back to the ring
 * as soon as its bytes are copied out. Peers of connections a multishot accepted come from getpeername(2): the
 * kernel writes every accept's address into the one sockaddr of the SQE. Not thread safe: loop thread only.
 */
final class Multishot {
    private static final Logger LOG = LoggerFactory.getLogger(Multishot.class);
    /** Linux MSG_DONTWAIT: the sockets are non-blocking already; this keeps an adopted one from ever blocking us. */
    private static final int MSG_DONTWAIT = 0x40;
    private static final int POLLIN = 0x001;

    private final Ring ring;
    private final HandleRegistry handles;
    private final Completions done;
    private final SocketSetup setup;
    private final SpareFd spare;
    private final BufferRing buffers; // null: no multishot RECV
    private final boolean accept;
    private final boolean recv;
    /** False once the kernel refused RECV_MULTISHOT: the same feed, armed with one single-shot RECV at a time. */
    private boolean recvMultishot = true;
    private Heads heads;
    /** Multishot ops whose last CQE has not been reaped. */
    private int armedCount;
    /** For tests: how often the kernel ended a multishot op that was armed again, and how often for ENOBUFS. */
    private long rearms;
    private long enobufs;
    /** For tests: POLLs armed for {@link Feed#lagging} streams. */
    private long lagArms;
    private long readOns;

    Multishot(Ring ring, HandleRegistry handles, Completions done, SocketSetup setup, SpareFd spare,
              BufferRing buffers, boolean accept) {
        this.ring = ring;
        this.handles = handles;
        this.done = done;
        this.setup = setup;
        this.spare = spare;
        this.buffers = buffers;
        this.accept = accept;
        this.recv = buffers != null;
    }

    /** The provided-buffer ring, or null: what a new {@link Feed} holds buffers of. */
    BufferRing buffers() {
        return buffers;
    }

    void heads(Heads h) {
        this.heads = h;
    }

    /** Whether reads of {@code st} are fed by a multishot op (a listener's ACCEPTs, a TCP stream's RECVs). */
    boolean enabledFor(HandleState st) {
        HandleKind k = st.handle.kind();
        return k == HandleKind.TCP_LISTENER ? accept : k == HandleKind.TCP_STREAM && recv;
    }

    /** Serves the waiting reads of {@code st} from its feed, in order, and arms the op if some still wait. */
    void serve(HandleState st) {
        if (!heads.isStarting()) {
            return; // detaching (what was received travels on) or closing
        }
        Feed f = st.feed;
        RequestQueue q = st.reads;
        IoRequest r;
        while ((r = q.peek()) != null) {
            int res;
            if (r.op() == IoRequest.Op.ACCEPT) {
                CarriedInput.Accepted a = f.pollAccepted();
                if (a != null) {
                    r.accepted(a.connection());
                    r.address(a.peer());
                    res = 0;
                } else if (f.end < 0) {
                    res = f.end;
                    f.end = 1;
                } else {
                    break;
                }
            } else if (f.hasLeftover()) {
                ByteBuffer into = r.receiveBuffer(); // a RECV_SELECT takes its buffer now: bytes are here
                res = into != null ? f.takeLeftover(into) : -Errno.ENOBUFS; // no memory: the bytes stay kept
            } else if (f.end <= 0) {
                res = f.end;
                if (res < 0) {
                    f.end = 1; // reported once, as recv(2) does; the kernel says what follows
                }
            } else {
                break;
            }
            q.poll();
            done.finish(r, res);
        }
        if (q.isEmpty() || st.handle.isClosed()) {
            return;
        }
        if (!enabledFor(st)) {
            st.feed = null; // carried input used up on a driver (or a handle) without multishot: single-shot again
            heads.startHeads(st, q);
        } else if (f.armed == 0 && f.end == 1 && !f.full()) {
            arm(st);
        }
    }

    private void arm(HandleState st) {
        long ud = UserData.of(st.handle.kind() == HandleKind.TCP_LISTENER ? UserData.ACCEPT_MULTI
                : UserData.RECV_MULTI, st.fd, st.nextSeq());
        int at;
        try {
            at = ring.sqe();
        } catch (IOException e) {
            LOG.error("io_uring: cannot queue a multishot op on {}", st.handle, e);
            failWaiting(st, -Errno.EIO);
            return;
        }
        ByteBuffer q = ring.sq.sqes();
        if (st.handle.kind() == HandleKind.TCP_LISTENER) {
            Sqe.prep(q, at, IoUring.OP_ACCEPT, st.fd, 0, 0, 0, SOCK_CLOEXEC | SOCK_NONBLOCK, ud);
            Sqe.ioprio(q, at, IoUring.ACCEPT_MULTISHOT);
        } else if (recvMultishot && st.feed.lagging) {
            // a lagging stream waits for readability only: the read's own buffer is filled by recv(2) (polled)
            Sqe.prep(q, at, IoUring.OP_POLL_ADD, st.fd, 0, 0, 0, POLLIN, ud);
            st.feed.armedMultishot = false;
            st.feed.armedPoll = true;
            lagArms++;
        } else {
            Sqe.prep(q, at, IoUring.OP_RECV, st.fd, 0, 0, 0, 0, ud);
            if (recvMultishot) {
                Sqe.ioprio(q, at, IoUring.RECV_MULTISHOT);
            }
            Sqe.bufferSelect(q, at, BufferRing.GROUP);
            st.feed.armedMultishot = recvMultishot;
            st.feed.armedPoll = false;
        }
        st.feed.armed = ud;
        st.feed.cancelSent = false;
        armedCount++;
    }

    private void failWaiting(HandleState st, int res) {
        IoRequest r;
        while ((r = st.reads.poll()) != null) {
            done.finish(r, res);
        }
    }

    /** Sends one ASYNC_CANCEL for the op of {@code st}, if armed; it ends with a CQE without F_MORE. */
    void cancel(HandleState st) {
        Feed f = st.feed;
        if (f != null && f.armed != 0 && !f.cancelSent) {
            f.cancelSent = true;
            heads.cancelUserData(f.armed, st.fd);
        }
    }

    /** CLOSE or driver close: cancels the op, closes the connections accepted ahead, drops received bytes. */
    void cancelAll(HandleState st) {
        Feed f = st.feed;
        if (f == null) {
            return;
        }
        cancel(st);
        CarriedInput.Accepted a;
        while ((a = f.pollAccepted()) != null) {
            HandleState c = handles.stateOf(a.connection());
            if (c != null) {
                handles.closeFd(c);
            }
        }
        f.carry(); // the handle is closing: what it had received goes with it
    }

    /** A CQE of a multishot op. */
    void onCqe(long userData, int res, int flags) {
        boolean more = (flags & CQE_F_MORE) != 0;
        HandleState st = handles.byFd(UserData.fd(userData));
        Feed f = st == null ? null : st.feed;
        if (f == null || f.armed != userData) {
            if ((flags & CQE_F_BUFFER) != 0) {
                recycle(flags);
            }
            if (res >= 0 && UserData.tag(userData) == UserData.ACCEPT_MULTI) {
                LibC.close(res); // no handle wants it any more
            }
            if (!more) {
                armedCount--;
            }
            LOG.warn("io_uring: multishot CQE for no armed op (user_data 0x{}, res {})", Long.toHexString(userData),
                    res);
            return;
        }
        if (UserData.tag(userData) == UserData.ACCEPT_MULTI) {
            accepted(st, f, res, more);
        } else {
            received(st, f, res, flags, more);
        }
        if (more) {
            if (f.full()) {
                if (f.armedMultishot) {
                    f.lagging = true; // the next RECVs single-shot, each when a RECV waits
                }
                cancel(st);
            }
            return;
        }
        f.armed = 0;
        f.cancelSent = false;
        armedCount--;
        if (st.closeAfterKernel != null) {
            if (!st.anythingInKernel()) {
                IoRequest close = st.closeAfterKernel;
                st.closeAfterKernel = null;
                done.finish(close, handles.closeFd(st));
            }
        } else if (!st.handle.isClosed() && heads.isStarting()) {
            int before = armedCount;
            serve(st);
            if (armedCount > before) {
                rearms++;
            }
        }
    }

    private void accepted(HandleState st, Feed f, int res, boolean more) {
        if (res >= 0) {
            InetSocketAddress peer;
            try {
                peer = setup.remoteAddress(res);
            } catch (IOException e) {
                LibC.close(res); // the peer is gone already (as ECONNABORTED): take the next one
                return;
            }
            IoHandle h = new IoHandle(HandleKind.TCP_STREAM, res, st.handle.isIpv6());
            handles.attach(h);
            f.addAccepted(new CarriedInput.Accepted(h, peer));
            serve(st);
        } else if (!more && res != -Errno.ECANCELED && res != -Errno.ECONNABORTED) {
            if (res == -Errno.EMFILE || res == -Errno.ENFILE) {
                int n = spare.shed(st.fd);
                LOG.warn("io_uring: out of descriptors ({}) on {}: shed {} queued connection(s)", Errno.name(res),
                        st.handle, n);
            }
            f.end = res; // the next ACCEPT reports it; nothing is armed again until one waits
        }
    }

    /**
     * The POLL of a {@link Feed#lagging} stream completed: the socket is readable, so the waiting RECV takes its buffer
     * and one recv(2) fills it straight from the socket: one copy, by the kernel, and as much as the buffer holds (a
     * RECV from the ring would bring one provided buffer and cost a copy out of it). Nothing is kept ahead: bytes the
     * read has no room for stay in the socket, under TCP flow control. Less than a provided buffer there: the reads
     * keep up again, the next op is multishot. A wake-up that finds nothing gives the buffer back; the caller arms the
     * POLL again while the RECV waits.
     */
    private void polled(HandleState st, Feed f, int res) {
        if (res < 0) {
            if (res != -Errno.ECANCELED) {
                f.end = res;
            }
            return;
        }
        IoRequest r = st.reads.peek();
        if (r == null || !heads.isStarting()) {
            return; // cancelled, or detaching: the bytes wait in the socket for whoever reads next
        }
        ByteBuffer dst = r.receiveBuffer();
        if (dst == null) { // no memory for it: the bytes stay in the socket for a later try
            st.reads.poll();
            done.finish(r, -Errno.ENOBUFS);
            return;
        }
        if (!dst.hasRemaining()) {
            st.reads.poll();
            done.finish(r, 0); // a RECV with no room gets 0 bytes, as recv(2) does, not a POLL armed again and again
            return;
        }
        int n = readOn(st, f, dst, dst.position());
        if (n > 0) {
            if (n < buffers.size()) {
                f.lagging = false;
            }
            st.reads.poll();
            done.finish(r, n);
        } else {
            r.releaseBuffer(); // nothing there after all (or the end, which serve reports): it waits holding none
        }
    }

    private void received(HandleState st, Feed f, int res, int flags, boolean more) {
        if (f.armedPoll) {
            polled(st, f, res);
            return;
        }
        if ((flags & CQE_F_BUFFER) != 0) {
            int bid = flags >>> CQE_BUFFER_SHIFT;
            if (res > 0) {
                ByteBuffer src = buffers.slice(bid, res);
                IoRequest r;
                while (src.hasRemaining() && !f.hasLeftover() && (r = st.reads.peek()) != null && heads.isStarting()) {
                    // its position stays: the caller advances by the result; a RECV_SELECT takes its buffer now
                    ByteBuffer dst = r.receiveBuffer();
                    if (dst == null) { // no memory for it: the bytes are kept below for a later try
                        st.reads.poll();
                        done.finish(r, -Errno.ENOBUFS);
                        break;
                    }
                    int n = Math.min(dst.remaining(), src.remaining());
                    dst.put(dst.position(), src, src.position(), n);
                    src.position(src.position() + n);
                    if (!more && !f.armedMultishot && res == buffers.size() && !src.hasRemaining()) {
                        n += readOn(st, f, dst, dst.position() + n);
                    }
                    st.reads.poll();
                    done.finish(r, n);
                }
                if (src.hasRemaining() && f.keep(bid, src)) {
                    bid = -1; // held by the feed until a RECV has copied it out
                }
            }
            if (bid >= 0) {
                recycle(flags);
            }
        }
        if (more) {
            return;
        }
        if (f.lagging && !f.armedMultishot && res >= 0 && res < buffers.size()) {
            f.lagging = false; // a single-shot RECV drained the socket: reads keep up, multishot again
        }
        if (res == -Errno.ENOBUFS) {
            enobufs++; // the ring ran dry while CQEs waited to be reaped: their buffers are back by now
        } else if (res == -Errno.EINVAL && f.armed != 0 && f.armedMultishot && recvMultishot && !f.hasLeftover()) {
            // still from the buffer ring: a RECV is never handed the caller's buffer here (cancelsAtOnce holds)
            LOG.info("io_uring: multishot recv refused (EINVAL); this driver re-arms a single-shot recv per CQE");
            recvMultishot = false;
        } else if (res == 0) {
            f.end = 0;
        } else if (res < 0 && res != -Errno.ECANCELED) {
            f.end = res;
        }
        if (f.hasLeftover()) {
            serve(st);
        }
    }

    /**
     * One non-blocking recv(2) into {@code dst} from {@code at}: a lagging stream's POLL fired ({@link #polled}), or a
     * single-shot RECV (multishot refused) filled its whole provided buffer, so the socket most likely holds more,
     * which another RECV would fetch at the cost of an SQE, a CQE, a loop turn and a copy out of the ring. Order holds:
     * nothing of this stream is in the kernel (the op's CQE was its last) and nothing is kept ahead of it. Measured,
     * 4 KiB echo with 64 KiB reads: a RECV brought 16 KiB (one provided buffer), Netty's recv 64 KiB. The end of the
     * stream or an error found here is kept for the next RECV, as recv(2) reports it.
     *
     * @return bytes received into {@code dst} from {@code at} (its position and limit stay)
     */
    private int readOn(HandleState st, Feed f, ByteBuffer dst, int at) {
        int room = dst.limit() - at;
        if (room <= 0) {
            return 0;
        }
        long n;
        do {
            n = LibC.recv(st.fd, DirectBuffers.address(dst) + at, room, MSG_DONTWAIT);
        } while (n < 0 && Errors.lastErrno() == EINTR);
        readOns++;
        if (n > 0) {
            return (int) n;
        }
        if (n == 0) {
            f.end = 0;
        } else if (Errors.lastErrno() != EAGAIN) {
            f.end = Errors.negativeLastErrno();
        }
        return 0;
    }

    private void recycle(int flags) {
        buffers.recycle(flags >>> CQE_BUFFER_SHIFT);
        buffers.publish();
    }

    int armedCount() {
        return armedCount;
    }

    long rearms() {
        return rearms;
    }

    long enobufs() {
        return enobufs;
    }

    /** For tests: recv(2) calls of {@link #readOn}. */
    long readOns() {
        return readOns;
    }

    long lagArms() {
        return lagArms;
    }

    boolean recvMultishot() {
        return recvMultishot;
    }

    /**
     * Whether TCP stream RECVs are fed from the buffer ring: the kernel then never writes into a RECV's own buffer,
     * so a cancel completes it at once (the driver's {@code cancelsAtOnce}). Fixed when the driver opens.
     */
    boolean recvEnabled() {
        return recv;
    }

    boolean acceptEnabled() {
        return accept;
    }
}
