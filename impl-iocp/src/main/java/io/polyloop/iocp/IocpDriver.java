package io.polyloop.iocp;

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
import java.util.concurrent.TimeUnit;

/**
 * The IOCP driver of one loop: one completion port, its life cycle, the routing of requests, and the poll.
 *
 * <p>A completion backend: every request becomes an overlapped call (WSARecv, WSASend, WSARecvFrom, WSASendTo,
 * AcceptEx, ConnectEx, ReadFile, WriteFile) whose OVERLAPPED lives in an {@link Op} slot of native memory until its
 * packet comes back through GetQueuedCompletionStatusEx, also after a cancel or a close. Handles get
 * FILE_SKIP_COMPLETION_PORT_ON_SUCCESS where that is safe, so a call that succeeds at once costs no packet; its
 * outcome waits in {@link Completions} for the next poll, which then does not block. {@link Dispatcher} keeps one call
 * in flight per handle and direction, {@link HotSwap} moves handles between drivers.
 *
 * <p>Not thread safe: every method except {@link #wakeup()} belongs to the thread that opened the driver.
 */
final class IocpDriver implements IoDriver, HandleTransfer {
    /** How long detach and close wait for the packets of cancelled calls. */
    static final long DRAIN_SECONDS = 10;
    /** In-flight operations per driver; OpSlots' bound. */
    static final int MAX_IN_FLIGHT = 65536;

    private static final Logger LOG = LoggerFactory.getLogger(IocpDriver.class);
    private static final int OPEN = 0;
    private static final int DETACHED = 1;
    private static final int CLOSING = 2;
    private static final int CLOSED = 3;

    private final Thread owner;
    private final Win32 win;
    private final Port port;
    private final SocketSetup setup;
    private final OpSlots slots = new OpSlots(MAX_IN_FLIGHT);
    private final Completions done = new Completions();
    private final HandleRegistry handles;
    private final Dispatcher dispatcher;
    private final HotSwap swap;
    private int lifecycle = OPEN;

    private IocpDriver(IocpBackendProvider provider, Win32 win, DriverOptions options, Port port) {
        this.owner = Thread.currentThread();
        this.win = win;
        this.port = port;
        this.setup = new SocketSetup(win);
        this.handles = new HandleRegistry(this, win, port, setup);
        Issuer issuer = new Issuer(win, setup, port, provider, options.blockingThreads());
        this.dispatcher = new Dispatcher(win, slots, issuer, new Outcome(win, setup, handles), handles, done);
        this.swap = new HotSwap(this, handles, dispatcher, done);
    }

    static IocpDriver open(IocpBackendProvider provider, Win32 win, DriverOptions options) throws IOException {
        return new IocpDriver(provider, win, options, Port.open(win, options.ringSize()));
    }

    boolean inLoop() {
        return Thread.currentThread() == owner;
    }

    @Override
    public String backendName() {
        return IocpBackendProvider.NAME;
    }

    // ------------------------------------------------------------------ handles

    @Override
    public IoHandle openTcpListener(InetSocketAddress bind, int backlog, boolean reusePort) throws IOException {
        assert inLoop();
        requireOpen();
        // reusePort: Windows has no SO_REUSEPORT (its SO_REUSEADDR lets another socket steal the port): ignored
        long s = setup.listener(bind, backlog);
        return handles.attachOrClose(new IoHandle(HandleKind.TCP_LISTENER, s, SocketSetup.isIpv6(bind)));
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
        IoHandle h = handles.attachOrClose(new IoHandle(HandleKind.FILE, setup.openFile(path, flags), false));
        handles.stateOf(h).append = (flags & io.polyloop.spi.FileFlags.APPEND) != 0;
        return h;
    }

    @Override
    public <T> void setOption(IoHandle socket, SocketOption<T> option, T value) throws IOException {
        assert inLoop();
        setup.set(socketOf(socket), option, value);
    }

    @Override
    public <T> T getOption(IoHandle socket, SocketOption<T> option) throws IOException {
        assert inLoop();
        return setup.get(socketOf(socket), option);
    }

    @Override
    public InetSocketAddress localAddress(IoHandle socket) throws IOException {
        assert inLoop();
        return setup.localAddress(socketOf(socket));
    }

    @Override
    public InetSocketAddress remoteAddress(IoHandle socket) throws IOException {
        assert inLoop();
        return setup.remoteAddress(socketOf(socket));
    }

    @Override
    public void shutdown(IoHandle socket, boolean read, boolean write) throws IOException {
        assert inLoop();
        if (read || write) {
            setup.shutdown(socketOf(socket), read, write);
        }
    }

    private long socketOf(IoHandle h) throws IOException {
        Channel c = handles.stateOf(h);
        if (c == null || h.isClosed()) {
            throw Errno.toException(-Errno.EBADF, h + " is not open in this driver");
        }
        if (c.isFile()) {
            throw Errno.toException(-Errno.EINVAL, h + " is not a socket");
        }
        return c.os;
    }

    // ------------------------------------------------------------------ submit and cancel

    @Override
    public void submit(IoRequest r) {
        assert inLoop();
        if (lifecycle == DETACHED || lifecycle == CLOSED) {
            throw new IllegalStateException("iocp driver is " + (lifecycle == CLOSED ? "closed" : "detached"));
        }
        r.markSubmitted();
        if (lifecycle == CLOSING) {
            done.finish(r, -Errno.ECANCELED);
            return;
        }
        IoHandle h = r.handle();
        Channel c = handles.stateOf(h);
        if (c == null || h.isClosed()) {
            done.finish(r, -Errno.EBADF);
        } else if (!Ops.allowed(h.kind(), r.op())) {
            done.finish(r, -Errno.EINVAL);
        } else if (r.op() == IoRequest.Op.CLOSE) {
            dispatcher.close(c, r);
        } else if (r.op() == IoRequest.Op.CONNECT && h.kind() == HandleKind.UDP) {
            int e = setup.connectDatagram(c.os, r.address());
            done.finish(r, e == 0 ? 0 : -WinErrors.errno(e));
        } else {
            dispatcher.enqueue(c, r);
        }
    }

    @Override
    public boolean cancel(IoRequest r) {
        assert inLoop();
        if (!r.isSubmitted() || lifecycle != OPEN) {
            return false;
        }
        Channel c = handles.stateOf(r.handle());
        return c != null && dispatcher.cancel(c, r);
    }

    /** RECV_SELECT: a zero-byte WSARecv waits for bytes, then the real WSARecv goes into a buffer taken then. */
    @Override
    public boolean selectsRecvBuffers() {
        return true;
    }

    private void requireOpen() {
        if (lifecycle != OPEN) {
            throw new IllegalStateException("iocp driver is not open");
        }
    }

    // ------------------------------------------------------------------ poll and wakeup

    @Override
    public int poll(CompletionSink sink, long timeoutNanos) throws IOException {
        assert inLoop();
        requireOpen();
        harvest(done.isEmpty() ? timeoutNanos : 0);
        return done.deliver(sink);
    }

    /** One GetQueuedCompletionStatusEx and the packets it returned. */
    private void harvest(long timeoutNanos) throws IOException {
        int n = port.await(timeoutNanos);
        for (int i = 0; i < n; i++) {
            long key = port.key(i);
            if (key == Port.KEY_WAKEUP) {
                port.wakeTaken();
                continue;
            }
            Op op = slots.byOverlapped(port.overlapped(i));
            if (op == null || op.request == null) {
                LOG.error("iocp: packet for an unknown OVERLAPPED 0x{} (key {}): ignored",
                        Long.toHexString(port.overlapped(i)), key);
                continue;
            }
            if (key == Port.KEY_BLOCKING) {
                dispatcher.onBlocking(op, port.bytes(i));
            } else {
                dispatcher.onPacket(op, port.bytes(i));
            }
        }
    }

    /** Detach and close: takes packets until no call is in flight, for at most {@link #DRAIN_SECONDS}. */
    boolean drainInFlight() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
        while (slots.inUse() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            harvest(left);
        }
        return true;
    }

    @Override
    public void wakeup() {
        port.wakeup();
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
        dispatcher.reissue = false;
        List<Channel> open = handles.snapshot();
        for (Channel c : open) {
            c.handle.markClosed();
            dispatcher.cancelQueued(c);
            dispatcher.cancelInFlight(c, Op.BY_CALLER);
        }
        boolean drained;
        try {
            drained = drainInFlight();
        } catch (IOException e) {
            LOG.error("iocp close: waiting for cancelled operations failed", e);
            drained = false;
        }
        for (Channel c : handles.snapshot()) {
            if (!drained) {
                dispatcher.abandon(c);
            }
            handles.forget(c);
            handles.closeOs(c.handle);
        }
        // a sink that submits while we close gets -ECANCELED completions, delivered here too
        while (!done.isEmpty()) {
            done.deliver(sink);
        }
        lifecycle = CLOSED;
        port.close();
        setup.free();
        if (!drained || !slots.free()) {
            LOG.error("iocp close: {} operation(s) never completed; their OVERLAPPED memory is left allocated so that "
                    + "a late write by the kernel cannot land in freed memory", slots.inUse());
        }
    }

    /** For tests: the handles this driver holds. */
    int handleCount() {
        return handles.size();
    }

    /** For tests: overlapped calls in flight. */
    int inFlight() {
        return slots.inUse();
    }
}
