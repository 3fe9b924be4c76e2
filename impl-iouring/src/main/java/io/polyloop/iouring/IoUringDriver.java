package io.polyloop.iouring;

import io.polyloop.posix.Errors;
import io.polyloop.posix.EventFdWakeup;
import io.polyloop.posix.NativeMemory;
import io.polyloop.posix.SocketOptions;
import io.polyloop.posix.SocketSetup;
import io.polyloop.spi.CompletionSink;
import io.polyloop.spi.DetachedHandle;
import io.polyloop.spi.DriverHandoff;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.Errno;
import io.polyloop.spi.HandleKind;
import io.polyloop.spi.HandleTransfer;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The io_uring driver of one loop: its life cycle, the routing of requests, and the poll.
 *
 * <p>A loop turn queues SQEs as requests arrive (the head of each direction of each handle: {@link Heads}); the
 * poll hands them to the kernel in the same io_uring_enter that waits for completions, so a turn costs one syscall
 * (one JNA call) however many requests it made. A full SQ is flushed on the spot ({@link Ring#sqe}); a CQ that
 * overflowed into the kernel's backlog (IORING_FEAT_NODROP) is flushed by another enter before the poll returns.
 * The exception: a large read is answered mid-reap, its reply submitted at once ({@link #EARLY_DELIVERY_BYTES}).
 * {@code user_data} names fd, direction and submission number ({@link UserData}), so a CQE finds its request with
 * an array load. Wake-ups: an eventfd read kept armed ({@link EventFdWakeup}); its PENDING bit is cleared when that
 * read's CQE is reaped, not when the wait returns.
 *
 * <p>Memory: every buffer, sockaddr, msghdr and iovec the kernel uses belongs to a request or a handle that stays
 * in this driver until its CQE is reaped, also across cancel, CLOSE, detach and close; close waits for the last CQE
 * before it unmaps the rings and frees the scratch, and leaks them (logged) rather than free memory the kernel might
 * still write if that wait ever times out.
 *
 * <p>Not thread safe: every method except {@link #wakeup()} belongs to the thread that opened the driver.
 */
final class IoUringDriver implements IoDriver, HandleTransfer {
    private static final Logger LOG = LoggerFactory.getLogger(IoUringDriver.class);
    private static final int OPEN = 0;
    private static final int DETACHED = 1;
    private static final int CLOSING = 2;
    private static final int CLOSED = 3;
    /** Longest detach or close wait for the kernel to return cancelled operations. */
    static final long DRAIN_NANOS = 10_000_000_000L;
    private static final int WAKE_BUFFER = SocketSetup.SCRATCH_SIZE;
    private static final int OPTION = WAKE_BUFFER + 8;

    private final Thread owner;
    private final Ring ring;
    private final EventFdWakeup wake;
    private final NativeMemory misc = NativeMemory.allocate(OPTION + 16);
    private final SocketSetup setup = new SocketSetup(misc);
    private final Completions done = new Completions();
    private final CqeBatch batch = new CqeBatch();
    private final HandleRegistry handles = new HandleRegistry(this);
    private final SpareFd spare = new SpareFd();
    private final BufferRing buffers;
    private final Multishot multi;
    private final Heads heads;
    private final HotSwap swap;
    private boolean wakeArmed;
    private int lifecycle = OPEN;
    /** For tests: submit-only enters of {@link #answerEarly}. */
    private long earlySubmits;

    private IoUringDriver(Ring ring, EventFdWakeup wake, BufferRing buffers, boolean multishotAccept) {
        this.owner = Thread.currentThread();
        this.ring = ring;
        this.wake = wake;
        this.buffers = buffers;
        this.multi = new Multishot(ring, handles, done, setup, spare, buffers, multishotAccept);
        this.heads = new Heads(ring, new Ops(ring, handles, spare), handles, done, multi);
        this.swap = new HotSwap(handles, heads, done, multi);
    }

    static IoUringDriver open(Capabilities caps, DriverOptions options) throws IOException {
        return open(caps, options, MultishotConfig.of(caps, options));
    }

    /** With an explicit multishot configuration (tests use a tiny buffer ring). */
    static IoUringDriver open(Capabilities caps, DriverOptions options, MultishotConfig ms) throws IOException {
        boolean defer = options.booleanProperty(IoUringBackendProvider.DEFER_TASKRUN, true);
        int entries = options.ringSize();
        int cq = Math.min(entries * 4, IoUring.MAX_CQ_ENTRIES);
        Ring ring = Ring.open(entries, cq, caps.driverSetupFlags(defer));
        EventFdWakeup wake;
        BufferRing buffers = null;
        try {
            if (ms.recv()) {
                try {
                    buffers = BufferRing.register(ring, ms.bufferCount(), ms.bufferSize());
                } catch (IOException e) {
                    LOG.info("io_uring: no provided-buffer ring ({}); RECV stays single-shot", e.getMessage());
                }
            }
            wake = EventFdWakeup.open();
        } catch (IOException | RuntimeException e) {
            if (buffers != null) {
                buffers.close();
            }
            ring.close();
            throw e;
        }
        return new IoUringDriver(ring, wake, buffers, ms.accept());
    }

    boolean inLoop() {
        return Thread.currentThread() == owner;
    }

    @Override
    public String backendName() {
        return IoUringBackendProvider.NAME;
    }

    // ------------------------------------------------------------------ handles

    @Override
    public IoHandle openTcpListener(InetSocketAddress bind, int backlog, boolean reusePort) throws IOException {
        assert inLoop();
        requireOpen();
        int fd = setup.listener(bind, backlog, reusePort);
        return attach(new IoHandle(HandleKind.TCP_LISTENER, fd, SocketSetup.isIpv6(bind)));
    }

    @Override
    public IoHandle openTcp(boolean ipv6) throws IOException {
        assert inLoop();
        requireOpen();
        return attach(new IoHandle(HandleKind.TCP_STREAM, setup.socket(ipv6, true), ipv6));
    }

    @Override
    public IoHandle openUdp(InetSocketAddress bind) throws IOException {
        assert inLoop();
        requireOpen();
        return attach(new IoHandle(HandleKind.UDP, setup.udp(bind), SocketSetup.isIpv6(bind)));
    }

    @Override
    public IoHandle openFile(Path path, int flags) throws IOException {
        assert inLoop();
        requireOpen();
        return attach(new IoHandle(HandleKind.FILE, SocketSetup.openFile(path, flags), false));
    }

    private IoHandle attach(IoHandle h) {
        handles.attach(h);
        return h;
    }

    @Override
    public <T> void setOption(IoHandle socket, SocketOption<T> option, T value) throws IOException {
        assert inLoop();
        SocketOptions.set(handles.socketFd(socket), option, value, misc, OPTION);
    }

    @Override
    public <T> T getOption(IoHandle socket, SocketOption<T> option) throws IOException {
        assert inLoop();
        return SocketOptions.get(handles.socketFd(socket), option, misc, OPTION);
    }

    @Override
    public InetSocketAddress localAddress(IoHandle socket) throws IOException {
        assert inLoop();
        return setup.localAddress(handles.socketFd(socket));
    }

    @Override
    public InetSocketAddress remoteAddress(IoHandle socket) throws IOException {
        assert inLoop();
        return setup.remoteAddress(handles.socketFd(socket));
    }

    @Override
    public void shutdown(IoHandle socket, boolean read, boolean write) throws IOException {
        assert inLoop();
        SocketSetup.shutdown(handles.socketFd(socket), read, write);
    }

    // ------------------------------------------------------------------ submit and cancel

    @Override
    public void submit(IoRequest r) {
        assert inLoop();
        if (lifecycle == DETACHED || lifecycle == CLOSED) {
            throw new IllegalStateException("io_uring driver is " + (lifecycle == CLOSED ? "closed" : "detached"));
        }
        r.markSubmitted();
        if (lifecycle == CLOSING) {
            done.finish(r, -Errno.ECANCELED);
            return;
        }
        IoHandle h = r.handle();
        HandleState st = handles.stateOf(h);
        if (st == null || h.isClosed()) {
            done.finish(r, -Errno.EBADF);
        } else if (!HandleState.allowed(h.kind(), r.op())) {
            done.finish(r, -Errno.EINVAL);
        } else if (r.op() == IoRequest.Op.CLOSE) {
            close(st, r);
        } else {
            heads.enqueue(st, r);
        }
    }

    /** CLOSE: every other pending request completes first (cancelled, or with its real result), then the CLOSE. */
    private void close(HandleState st, IoRequest closeRequest) {
        st.handle.markClosed();
        if (heads.cancelAll(st)) {
            st.closeAfterKernel = closeRequest; // completed by the last CQE of the handle (Heads.onCqe)
        } else {
            done.finish(closeRequest, handles.closeFd(st));
        }
    }

    @Override
    public boolean cancel(IoRequest r) {
        assert inLoop();
        if (!r.isSubmitted() || lifecycle != OPEN) {
            return false;
        }
        HandleState st = handles.stateOf(r.handle());
        return st != null && heads.cancel(st, r);
    }

    /**
     * True when TCP stream RECVs are fed from the provided-buffer ring ({@link Multishot}): the kernel writes into the
     * ring's buffers, never into a RECV's own, and the driver copies into the RECV as it completes it, so cancelling a
     * RECV that has not completed completes it at once, and one served from bytes already received completes inside
     * {@code submit}. False with single-shot RECVs ({@code ioUringMultishot=false}, or no buffer ring on this kernel),
     * which hand the caller's buffer to the kernel.
     */
    @Override
    public boolean cancelsAtOnce() {
        return multi.recvEnabled();
    }

    /**
     * RECV_SELECT: fed from the buffer ring, its buffer is taken when received bytes are there to copy into it (no
     * buffer while it waits). Single-shot, the buffer is taken as the RECV goes to the kernel and held until its CQE.
     */
    @Override
    public boolean selectsRecvBuffers() {
        return true;
    }

    /** Linux SO_REUSEPORT spreads connections over the listening sockets of a port (by a hash of the 4-tuple). */
    @Override
    public boolean balancesAccepts() {
        return true;
    }

    private void requireOpen() {
        if (lifecycle != OPEN) {
            throw new IllegalStateException("io_uring driver is not open");
        }
    }

    // ------------------------------------------------------------------ poll and wakeup

    /**
     * Bytes one CQE's RECVs received from which their completions are delivered, the SQEs their handlers queued (the
     * reply's SEND) submitted, and the SENDs' CQEs handled and delivered, before the next CQE is handled (epoll's
     * cb6257a, the same idea). Otherwise a 4 KiB echo reads every stream of a reap into its own 64 KiB loan, the
     * replies reach the kernel only in the next poll's enter and the loans come back after that poll's reads took new
     * ones: two loans per stream out, MiBs cycling beyond L2, so the kernel's copies (recv into the loan, SEND out of
     * it) ran on cold memory (s10: 41 % of the loop's CPU against Netty io_uring's 33 %). Now the SEND copies the loan
     * while it is hot and the loan is back in the loop's LIFO free list before the next read takes one. The price is
     * one submit-only io_uring_enter per large read. Small reads keep the batched order: at 64 B a reap's replies go
     * in the next poll's one enter. As large as WriteSide's EAGER_BYTES, so the reply of such a read is queued as an
     * SQE by the time its handler returns.
     */
    static final int EARLY_DELIVERY_BYTES = 32 * 1024;

    @Override
    public int poll(CompletionSink sink, long timeoutNanos) throws IOException {
        assert inLoop();
        requireOpen();
        if (!wakeArmed) {
            armWake();
        }
        long t = done.isEmpty() && ring.cq.ready() == 0 ? timeoutNanos : 0;
        enter(t);
        int delivered = reap(sink); // the wake-up READ's CQE, if any, lets wakeup() write again (see dispatch)
        if (lifecycle != OPEN) {
            return delivered; // a handler detached or closed the driver: what is left went with it
        }
        return delivered + done.deliver(sink, done.size());
    }

    /** Submits what is queued and waits; an unexpected error of io_uring_enter is thrown. */
    private void enter(long timeoutNanos) throws IOException {
        if (timeoutNanos == 0 && ring.sq.unsubmitted() == 0 && !ring.defersTaskrun() && !ring.cqOverflowed()) {
            return; // nothing to hand over, nothing to run: the CQ is read without a syscall
        }
        int r = ring.enter(timeoutNanos);
        if (r < 0 && r != -IoUring.ETIME && r != -Errno.EINTR && r != -Errno.EAGAIN && r != -IoUring.EBUSY) {
            throw Errors.exception(-r, "io_uring_enter");
        }
    }

    /**
     * Reads every CQE, including those the kernel held back in its overflow list while the CQ was full, through the
     * {@link CqeBatch}. With a sink (a poll), a CQE whose RECVs received {@link #EARLY_DELIVERY_BYTES} is answered
     * before the next; the reap ends if a handler detached or closed the driver (their drain handles the rest).
     *
     * @return completions delivered early
     */
    private int reap(CompletionSink sink) throws IOException {
        int delivered = 0;
        done.takeReceived(); // reads completed inside submit since the last poll: delivered at the end, as before
        for (;;) {
            int i = batch.take();
            if (i < 0) {
                if (batch.fill(ring.cq) > 0) {
                    continue;
                }
                if (!ring.cqOverflowed()) {
                    return delivered;
                }
                int r = ring.enter(0); // GETEVENTS flushes the overflow list into the CQ we just emptied
                if (r < 0 && r != -Errno.EINTR && r != -Errno.EAGAIN && r != -IoUring.EBUSY) {
                    throw Errors.exception(-r, "io_uring_enter (CQ overflow flush)");
                }
                continue;
            }
            dispatch(batch.userData(i), batch.res(i), batch.flags(i));
            if (sink != null && done.takeReceived() >= EARLY_DELIVERY_BYTES) {
                delivered += answerEarly(sink);
                if (lifecycle != OPEN) {
                    return delivered;
                }
            }
        }
    }

    /**
     * Between two CQEs of a reap ({@link #EARLY_DELIVERY_BYTES}): delivers what is done, hands the SQEs the handlers
     * queued to the kernel (a socket SEND is performed inside this submit, so its CQE is in the CQ when it returns),
     * takes the SEND CQEs at once ({@link #takeWriteCqes}) and delivers them with what completed inside the handlers'
     * submits: the reply's loan is back in the loop's free list before the next read takes one. A submit the kernel
     * refuses leaves the SQEs queued: the poll's next enter hands them over, and reports a real error.
     */
    private int answerEarly(CompletionSink sink) {
        int delivered = done.deliver(sink, done.size());
        if (lifecycle != OPEN) {
            return delivered;
        }
        if (ring.sq.unsubmitted() > 0) {
            ring.submit();
            earlySubmits++;
            takeWriteCqes();
        }
        if (!done.isEmpty()) {
            delivered += done.deliver(sink, done.size());
        }
        done.takeReceived(); // reads the handlers' submits completed were delivered above: not the next CQE's
        return delivered;
    }

    /**
     * Handles the CQEs of write heads (SENDs) at the CQ's head, ahead of what is left of the {@link CqeBatch}. Out of
     * order but safe: a direction of a handle has one head in the kernel and starts the next only once that head's CQE
     * was handled, so no older CQE of the same write side waits in the batch. Stops at the first other CQE, which
     * keeps its place behind the batch.
     */
    private void takeWriteCqes() {
        CompletionQueue cq = ring.cq;
        int n = cq.ready();
        int i = 0;
        while (i < n && UserData.tag(cq.userData(i)) == UserData.WRITE) {
            heads.onCqe(cq.userData(i), cq.res(i));
            i++;
        }
        if (i > 0) {
            cq.advance(i);
        }
    }

    private void dispatch(long userData, int res, int flags) {
        switch (UserData.tag(userData)) {
            case UserData.READ:
            case UserData.WRITE:
                heads.onCqe(userData, res);
                break;
            case UserData.ACCEPT_MULTI:
            case UserData.RECV_MULTI:
                multi.onCqe(userData, res, flags);
                break;
            case UserData.WAKE:
                wakeArmed = false; // the eventfd was read (or the read cancelled): re-armed by the next poll
                // Only now, with the count taken, may the next wakeup() write again: PENDING means "a count is on
                // its way to a CQE". Cleared when the wait returned instead (before session 8), it could stay set
                // with the count at 0: a wakeup() between that clear and this CQE had its write taken by this READ
                // (reap's overflow-flushing enters run the deferred task work that completes it; without
                // DEFER_TASKRUN any syscall of the loop does), and the next wait then had nothing to end it while
                // every later wakeup() saw PENDING and skipped its write (the s8 stall: a work-stealing echo server
                // whose loop slept 20 s and more with posts in its inbox; WakeupRaceTest).
                wake.rearm();
                break;
            case UserData.CANCEL:
            case UserData.NOP:
                heads.onAuxiliaryCqe();
                break;
            default:
                LOG.warn("io_uring: CQE with unknown user_data 0x{} (res {}, flags 0x{})",
                        Long.toHexString(userData), res, Integer.toHexString(flags));
        }
    }

    private void armWake() throws IOException {
        int at = ring.sqe();
        Sqe.prep(ring.sq.sqes(), at, IoUring.OP_READ, wake.fd(), misc.address() + WAKE_BUFFER, 8, 0, 0,
                UserData.of(UserData.WAKE, wake.fd(), 0));
        wakeArmed = true;
    }

    @Override
    public void wakeup() {
        wake.wakeup();
    }

    /**
     * Waits until the kernel has returned every SQE's CQE (and, if {@code withWake}, the wake-up read's).
     *
     * @return false if that did not happen within {@link #DRAIN_NANOS}
     */
    private boolean drain(boolean withWake) throws IOException {
        long deadline = System.nanoTime() + DRAIN_NANOS;
        while (inKernel() > 0 || withWake && wakeArmed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            enter(Math.min(left, 100_000_000L));
            reap(null);
        }
        return true;
    }

    // ------------------------------------------------------------------ hot swap and end of life

    @Override
    public DriverHandoff detach() throws IOException {
        assert inLoop();
        requireOpen();
        lifecycle = DETACHED;
        heads.park();
        for (HandleState st : handles.snapshot()) {
            heads.cancelHead(st, st.reads);
            heads.cancelHead(st, st.writes);
            multi.cancel(st);
        }
        if (!drain(false)) {
            throw new IOException("io_uring detach: " + inKernel() + " operation(s) still in the kernel after "
                    + DRAIN_NANOS / 1_000_000_000L + " s; the handles stay with this driver");
        }
        return swap.detach();
    }

    @Override
    public DetachedHandle release(IoHandle handle) throws IOException {
        assert inLoop();
        requireOpen();
        return swap.release(handle);
    }

    @Override
    public void adopt(List<DetachedHandle> detached) throws IOException {
        assert inLoop();
        requireOpen();
        swap.adopt(detached);
    }

    @Override
    public void close(CompletionSink sink) {
        assert inLoop();
        if (lifecycle == CLOSED || lifecycle == CLOSING) {
            return;
        }
        lifecycle = CLOSING;
        heads.stopStarting();
        for (HandleState st : handles.snapshot()) {
            if (!st.handle.isClosed()) {
                st.handle.markClosed();
                heads.cancelAll(st);
            }
        }
        if (wakeArmed) {
            heads.cancelUserData(UserData.of(UserData.WAKE, wake.fd(), 0), wake.fd());
        }
        boolean drained;
        try {
            drained = drain(true);
        } catch (IOException | RuntimeException e) {
            LOG.error("io_uring: close could not wait for the kernel", e);
            drained = false;
        }
        for (HandleState st : handles.snapshot()) {
            IoRequest closeRequest = st.closeAfterKernel;
            st.closeAfterKernel = null;
            if (drained || !st.anythingInKernel()) {
                int r = handles.closeFd(st);
                if (closeRequest != null) {
                    done.finish(closeRequest, r);
                }
            }
        }
        // a sink that submits while we close gets -ECANCELED completions, delivered here too
        while (!done.isEmpty()) {
            done.deliver(sink, done.size());
        }
        lifecycle = CLOSED;
        spare.close();
        if (drained) {
            if (buffers != null) {
                buffers.close(); // unregistered before its memory goes: no RECV is in the kernel any more
            }
            ring.close();
            wake.close();
            handles.freePool();
            misc.free();
        } else {
            // the kernel may still write into scratch, buffers or the rings: keep all of it, never free it
            LOG.error("io_uring: {} operation(s) did not come back within {} s of close; their memory and the ring"
                    + " are leaked on purpose", inKernel(), DRAIN_NANOS / 1_000_000_000L);
            Leaks.keep(this);
        }
    }

    /** SQEs (the wake-up read excepted) and multishot ops whose last CQE has not been reaped. */
    private int inKernel() {
        return heads.inFlight() + multi.armedCount();
    }

    /** For tests: the multishot side. */
    Multishot multishot() {
        return multi;
    }

    /** For tests: the handles this driver holds. */
    int handleCount() {
        return handles.size();
    }

    /** For tests: how often a large read's answer was handed to the kernel mid-reap ({@link #answerEarly}). */
    long earlySubmits() {
        return earlySubmits;
    }

    /** For tests: the ring. */
    Ring ring() {
        return ring;
    }
}
