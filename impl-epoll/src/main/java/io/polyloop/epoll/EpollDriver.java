package io.polyloop.epoll;

import io.polyloop.posix.Errors;
import io.polyloop.posix.EventFdWakeup;
import io.polyloop.posix.LibCSyscalls;
import io.polyloop.posix.PosixPlatform;
import io.polyloop.posix.SocketOptions;
import io.polyloop.posix.SocketSetup;
import io.polyloop.posix.readiness.Completions;
import io.polyloop.posix.readiness.FileOps;
import io.polyloop.posix.readiness.Ops;
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

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The epoll driver of one loop: its life cycle, the routing of requests, and the poll.
 *
 * <p>Edge-triggered, registered once. Each socket enters the epoll set once, with IN|OUT|RDHUP|ET, and is never
 * modified: through JNA every epoll_ctl costs ~100 ns more than through JNI, and a level-triggered design needs a MOD
 * whenever interest changes. The driver keeps the readiness an edge reported and the pending requests per direction
 * ({@link SocketQueues}); a submit tries the syscall at once when its direction is ready and only queues on EAGAIN.
 * Netty went back to level-triggered for sockets because its Channel API reads on interest; this SPI always has a
 * concrete request to perform, which is what edge-triggering needs.
 *
 * <p>Completions found inside {@link #submit} wait in {@link Completions} for the next {@link #poll}, which then does
 * not block. Regular files run on the provider's blocking pool ({@link FileOps}); handles are tracked by
 * {@link HandleRegistry}; {@link HotSwap} moves them between drivers.
 *
 * <p>Not thread safe: every method except {@link #wakeup()} belongs to the thread that opened the driver.
 */
final class EpollDriver implements IoDriver, HandleTransfer {
    private static final int OPEN = 0;
    private static final int DETACHED = 1;
    private static final int CLOSING = 2;
    private static final int CLOSED = 3;

    private final Thread owner;
    private final int blockingThreads;
    private final Poller poller;
    private final EventFdWakeup wake;
    private final SocketIo io = new SocketIo();
    private final SocketSetup setup = new SocketSetup(io.mem); // same layout as SocketIo: sockaddr, socklen, option
    private final Completions done = new Completions();
    private final HandleRegistry handles;
    private final Acceptor acceptor;
    private final SocketQueues sockets;
    private final FileOps files;
    private final HotSwap swap;
    private int lifecycle = OPEN;

    private EpollDriver(EpollBackendProvider provider, DriverOptions options, Poller poller, EventFdWakeup wake) {
        this.owner = Thread.currentThread();
        this.blockingThreads = options.blockingThreads();
        this.poller = poller;
        this.wake = wake;
        this.handles = new HandleRegistry(this, poller);
        this.acceptor = new Acceptor(io, handles);
        this.sockets = new SocketQueues(io, acceptor, done);
        this.files = new FileOps(LibCSyscalls.INSTANCE, PosixPlatform.LINUX, () -> provider.blockingPool(this),
                this::wakeup, st -> handles.closeFd((HandleState) st), done);
        this.swap = new HotSwap(handles, sockets, files, done);
    }

    static EpollDriver open(EpollBackendProvider provider, DriverOptions options) throws IOException {
        Poller poller = Poller.open(options.ringSize());
        EventFdWakeup wake;
        try {
            wake = EventFdWakeup.open();
        } catch (IOException e) {
            poller.close();
            throw e;
        }
        EpollDriver d = new EpollDriver(provider, options, poller, wake);
        if (poller.ctl(Epoll.EPOLL_CTL_ADD, wake.fd(), 0, Epoll.EPOLLIN | Epoll.EPOLLET) < 0) {
            IOException e = Errors.exception("epoll_ctl ADD eventfd");
            d.close(r -> { });
            throw e;
        }
        return d;
    }

    boolean inLoop() {
        return Thread.currentThread() == owner;
    }

    @Override
    public String backendName() {
        return EpollBackendProvider.NAME;
    }

    // ------------------------------------------------------------------ handles

    @Override
    public IoHandle openTcpListener(InetSocketAddress bind, int backlog, boolean reusePort) throws IOException {
        assert inLoop();
        requireOpen();
        int fd = setup.listener(bind, backlog, reusePort);
        return handles.attachOrClose(new IoHandle(HandleKind.TCP_LISTENER, fd, SocketSetup.isIpv6(bind)));
    }

    @Override
    public IoHandle openTcp(boolean ipv6) throws IOException {
        assert inLoop();
        requireOpen();
        return handles.attachOrClose(new IoHandle(HandleKind.TCP_STREAM, setup.socket(ipv6, true), ipv6));
    }

    @Override
    public IoHandle openUdp(InetSocketAddress bind) throws IOException {
        assert inLoop();
        requireOpen();
        return handles.attachOrClose(new IoHandle(HandleKind.UDP, setup.udp(bind), SocketSetup.isIpv6(bind)));
    }

    @Override
    public IoHandle openFile(Path path, int flags) throws IOException {
        assert inLoop();
        requireOpen();
        return handles.attachOrClose(new IoHandle(HandleKind.FILE, SocketSetup.openFile(path, flags), false));
    }

    @Override
    public <T> void setOption(IoHandle socket, SocketOption<T> option, T value) throws IOException {
        assert inLoop();
        SocketOptions.set(handles.socketFd(socket), option, value, io.mem, SocketIo.OPTION);
    }

    @Override
    public <T> T getOption(IoHandle socket, SocketOption<T> option) throws IOException {
        assert inLoop();
        return SocketOptions.get(handles.socketFd(socket), option, io.mem, SocketIo.OPTION);
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
            throw new IllegalStateException("epoll driver is " + (lifecycle == CLOSED ? "closed" : "detached"));
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
        } else if (!Ops.allowed(h.kind(), r.op())) {
            done.finish(r, -Errno.EINVAL);
        } else if (r.op() == IoRequest.Op.CLOSE) {
            close(st, r);
        } else if (st.isFile()) {
            files.enqueue(st, r);
        } else {
            sockets.enqueue(st, r);
        }
    }

    /** CLOSE: every other pending request completes with -ECANCELED first, then the CLOSE with close(2)'s result. */
    private void close(HandleState st, IoRequest closeRequest) {
        st.handle.markClosed();
        done.cancelQueued(st);
        if (!files.deferClose(st, closeRequest)) {
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
        if (st == null) {
            return false;
        }
        if (st.reads.remove(r) || st.writes.remove(r)) {
            done.finish(r, -Errno.ECANCELED);
            if (st.isFile()) {
                files.dispatch(st);
            } else {
                sockets.drain(st); // a cancelled head may have been holding the rest back
            }
            return true;
        }
        return files.cancelRunning(st, r);
    }

    /** Sockets: a cancel removes a request not yet performed; one performed is completed in it at once. */
    @Override
    public boolean cancelsAtOnce() {
        return true;
    }

    /** RECV_SELECT takes its buffer when the socket is readable and gives it back on EAGAIN. */
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
            throw new IllegalStateException("epoll driver is not open");
        }
    }

    // ------------------------------------------------------------------ poll and wakeup

    /**
     * Bytes received on one event from which the completions waiting are delivered before the next event. Bytes
     * read and not yet written back wait in the loans of their reads: 100 streams of 64 KiB read one after the other
     * and answered at the turn's end pass 6 MiB through the caches twice, far beyond L2, and the kernel's copies into
     * and out of those buffers then cost most of a 4 KiB echo (s9 epoll note). Delivered now, the handler's reply to
     * a large read is sent at once ({@code WriteSide} sends a large write without waiting for the turn's end), its
     * loan goes back to the pool, and the next read takes it while it is still in cache: Netty's read, write and
     * flush per channel. Small reads keep batching (replies together at the turn's end, one delivery per harvest):
     * at 64 B that order is the cheaper one (s6 epoll note).
     */
    static final int EARLY_DELIVERY_BYTES = 32 * 1024;
    /**
     * Passes of an early delivery: the read completions, then what their handlers completed at once (the reply's
     * send, whose delivery gives its loan back). Bounded, so that handlers that always complete at once cannot keep
     * one poll busy; the rest waits for the end of the harvest.
     */
    private static final int EARLY_DELIVERY_PASSES = 2;

    @Override
    public int poll(CompletionSink sink, long timeoutNanos) throws IOException {
        assert inLoop();
        requireOpen();
        files.drainReturned();
        int n = poller.wait(timeoutNanos, !done.isEmpty());
        int delivered = 0;
        sockets.takeReceived(); // reads completed inside submit since the last poll: delivered at the end as before
        for (int i = 0; i < n; i++) {
            int fd = poller.fd(i);
            if (fd == wake.fd()) {
                // Drained, then rearmed: only once the count is read may the next wakeup() write again. Rearmed
                // when the wait returned instead (before session 8), a wakeup() between that and this drain had
                // its count read here and left PENDING set: epoll re-polls an edge-triggered eventfd with count 0
                // as not ready, so the next wait had nothing to end it and every later wakeup() skipped its write
                // (a loop asleep with posts in its inbox; WakeupRaceConformance, s8 stall note).
                wake.drain();
                wake.rearm();
                continue;
            }
            HandleState st = handles.byEvent(fd, poller.tag(i));
            if (st != null) {
                sockets.onEvent(st, poller.mask(i));
                if (sockets.takeReceived() >= EARLY_DELIVERY_BYTES) {
                    delivered += deliverEarly(sink);
                    if (lifecycle != OPEN) {
                        return delivered; // a handler closed the driver: the rest of the harvest is void
                    }
                }
            }
        }
        files.drainReturned();
        return delivered + done.deliver(sink, done.size());
    }

    /** Between two events of a harvest: see {@link #EARLY_DELIVERY_BYTES}. */
    private int deliverEarly(CompletionSink sink) {
        int delivered = 0;
        for (int pass = 0; pass < EARLY_DELIVERY_PASSES && !done.isEmpty() && lifecycle == OPEN; pass++) {
            delivered += done.deliver(sink, done.size());
        }
        return delivered;
    }

    @Override
    public void wakeup() {
        wake.wakeup();
    }

    // ------------------------------------------------------------------ hot swap and end of life

    @Override
    public DriverHandoff detach() throws IOException {
        assert inLoop();
        requireOpen();
        lifecycle = DETACHED;
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
        for (HandleState st : handles.snapshot()) {
            IoRequest notStarted = files.settle(st);
            if (notStarted != null) {
                done.finish(notStarted, -Errno.ECANCELED);
            }
            if (!st.handle.isClosed()) {
                st.handle.markClosed();
                done.cancelQueued(st);
                handles.closeFd(st);
            }
        }
        files.discardReturned();
        // a sink that submits while we close gets -ECANCELED completions, delivered here too
        while (!done.isEmpty()) {
            done.deliver(sink, done.size());
        }
        lifecycle = CLOSED;
        wake.close();
        poller.close();
        acceptor.close();
        io.free();
    }

    int blockingThreads() {
        return blockingThreads;
    }

    /** For tests: socket syscalls that returned EAGAIN so far. */
    long wouldBlockCount() {
        return io.wouldBlockCount();
    }

    /** For tests: the handles this driver holds. */
    int handleCount() {
        return handles.size();
    }
}
