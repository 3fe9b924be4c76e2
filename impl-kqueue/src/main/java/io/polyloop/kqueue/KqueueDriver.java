package io.polyloop.kqueue;

import io.polyloop.posix.Errors;
import io.polyloop.posix.PosixPlatform;
import io.polyloop.posix.SocketOptions;
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

import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The kqueue driver of one loop: its life cycle, the routing of requests, and the poll.
 *
 * <p>Each socket is registered once, EVFILT_READ and EVFILT_WRITE with EV_CLEAR (why EV_CLEAR and not EV_ONESHOT:
 * {@link HandleRegistry}), and the registration rides in the change list of the next wait ({@link Poller}). The driver
 * keeps the readiness the events reported and the pending requests per direction ({@link SocketQueues}); a submit
 * tries the syscall at once when its direction is ready and only queues on EAGAIN. Wake-ups are an EVFILT_USER event
 * ({@link Wakeup}). Timers are not the driver's: the loop keeps them and passes the time to the next one as the
 * wait's timeout, so no EVFILT_TIMER is registered (one syscall fewer per timer change, and the same code path as
 * every other backend).
 *
 * <p>Completions found inside {@link #submit} wait in {@link Completions} for the next {@link #poll}, which then does
 * not block. Regular files run on the provider's blocking pool ({@link FileOps}); {@link HotSwap} moves handles
 * between drivers, all of them ({@link #detach}) or one out of a running driver ({@link #release}). Every native call
 * goes through {@link KqueueSyscalls}, in the numbering of one BSD ({@link KeventAbi}, {@link PosixPlatform}).
 *
 * <p>Not thread safe: every method except {@link #wakeup()} belongs to the thread that opened the driver.
 */
final class KqueueDriver implements IoDriver, HandleTransfer {
    private static final int OPEN = 0;
    private static final int DETACHED = 1;
    private static final int CLOSING = 2;
    private static final int CLOSED = 3;

    private final Thread owner;
    private final KqueueSyscalls sys;
    private final PosixPlatform p;
    private final int blockingThreads;
    private final Poller poller;
    private final Wakeup wake;
    private final SocketIo io;
    private final SocketSetup setup;
    private final Completions done = new Completions();
    private final HandleRegistry handles;
    private final Acceptor acceptor;
    private final SocketQueues sockets;
    private final FileOps files;
    private final HotSwap swap;
    /** Fixed at open: listeners of one address all set SO_REUSEPORT_LB, or all SO_REUSEPORT (they must agree). */
    private final boolean balancesAccepts;
    private final short userFilter;
    private int lifecycle = OPEN;

    private KqueueDriver(KqueueBackendProvider provider, KeventAbi abi, KqueueSyscalls sys, DriverOptions options,
                         Poller poller, Wakeup wake) {
        this.owner = Thread.currentThread();
        this.sys = sys;
        this.p = abi.posix;
        this.userFilter = abi.evfiltUser;
        this.blockingThreads = options.blockingThreads();
        this.poller = poller;
        this.wake = wake;
        this.io = new SocketIo(sys, p);
        this.setup = new SocketSetup(io);
        this.handles = new HandleRegistry(this, poller, io);
        this.acceptor = new Acceptor(io, handles);
        this.sockets = new SocketQueues(io, acceptor, done);
        this.files = new FileOps(sys, p, () -> provider.blockingPool(this), this::wakeup,
                st -> handles.closeFd((HandleState) st), done);
        this.swap = new HotSwap(handles, sockets, files, done);
        this.balancesAccepts = loadBalancing(setup);
    }

    private static boolean loadBalancing(SocketSetup setup) {
        try {
            return setup.balancesAccepts();
        } catch (IOException e) { // no socket to try it on (EMFILE): the safe answer, hand-off instead
            LoggerFactory.getLogger(KqueueDriver.class).warn("cannot check SO_REUSEPORT_LB ({}): the runtime will"
                    + " accept on one loop and hand connections to the others", e.getMessage());
            return false;
        }
    }

    static KqueueDriver open(KqueueBackendProvider provider, KeventAbi abi, KqueueSyscalls sys,
                             DriverOptions options) throws IOException {
        Poller poller = Poller.open(sys, abi, options.ringSize());
        Wakeup wake;
        try {
            wake = Wakeup.open(sys, abi, poller.kq());
        } catch (IOException e) {
            poller.close();
            throw e;
        }
        return new KqueueDriver(provider, abi, sys, options, poller, wake);
    }

    boolean inLoop() {
        return Thread.currentThread() == owner;
    }

    @Override
    public String backendName() {
        return KqueueBackendProvider.NAME;
    }

    // ------------------------------------------------------------------ handles

    @Override
    public IoHandle openTcpListener(InetSocketAddress bind, int backlog, boolean reusePort) throws IOException {
        assert inLoop();
        requireOpen();
        int fd = setup.listener(bind, backlog, reusePort, balancesAccepts);
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
        return handles.attachOrClose(new IoHandle(HandleKind.FILE, setup.openFile(path, flags), false));
    }

    @Override
    public <T> void setOption(IoHandle socket, SocketOption<T> option, T value) throws IOException {
        assert inLoop();
        SocketOptions.set(sys, p, handles.socketFd(socket), option, value, io.mem, SocketIo.OPTION);
    }

    @Override
    public <T> T getOption(IoHandle socket, SocketOption<T> option) throws IOException {
        assert inLoop();
        return SocketOptions.get(sys, p, handles.socketFd(socket), option, io.mem, SocketIo.OPTION);
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
        if (!read && !write) {
            return;
        }
        int how = read && write ? p.SHUT_RDWR : read ? p.SHUT_RD : p.SHUT_WR;
        if (sys.shutdown(handles.socketFd(socket), how) < 0) {
            throw Errors.exception(p, sys.errno(), "shutdown " + socket);
        }
    }

    // ------------------------------------------------------------------ submit and cancel

    @Override
    public void submit(IoRequest r) {
        assert inLoop();
        if (lifecycle == DETACHED || lifecycle == CLOSED) {
            throw new IllegalStateException("kqueue driver is " + (lifecycle == CLOSED ? "closed" : "detached"));
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

    /**
     * Sockets: as on epoll, a cancel removes a request not yet performed and one performed is completed in it at once:
     * the kernel never writes into a request's buffer after the cancel returns (the runtime then reads in place).
     */
    @Override
    public boolean cancelsAtOnce() {
        return true;
    }

    /** RECV_SELECT takes its buffer when EVFILT_READ says readable and gives it back on EAGAIN. */
    @Override
    public boolean selectsRecvBuffers() {
        return true;
    }

    /**
     * True on FreeBSD 12+ (SO_REUSEPORT_LB, which its listeners then set); false on macOS and older FreeBSD, where
     * every SO_REUSEPORT listener of a port binds but one of them gets the connections.
     */
    @Override
    public boolean balancesAccepts() {
        return balancesAccepts;
    }

    private void requireOpen() {
        if (lifecycle != OPEN) {
            throw new IllegalStateException("kqueue driver is not open");
        }
    }

    // ------------------------------------------------------------------ poll and wakeup

    @Override
    public int poll(CompletionSink sink, long timeoutNanos) throws IOException {
        assert inLoop();
        requireOpen();
        files.drainReturned();
        registrationFailures();
        int n = poller.poll(done.isEmpty() ? timeoutNanos : 0);
        wake.rearm(); // after the wait, so that a wakeup() racing it is not lost
        for (int i = 0; i < n; i++) {
            short filter = poller.filter(i);
            if (filter == userFilter) {
                continue; // the wake-up; EV_CLEAR has reset it
            }
            HandleState st = handles.byFd((int) poller.ident(i));
            if (st == null) {
                continue; // closed or detached since its change was queued
            }
            if ((poller.flags(i) & Kevent.EV_ERROR) != 0) {
                // a change of this call failed; data holds its errno (kevent(2), RETURN VALUES)
                if (poller.data(i) != 0) {
                    sockets.onRegistrationError(st, -p.canonical((int) poller.data(i)));
                }
                continue;
            }
            sockets.onEvent(st, filter);
        }
        files.drainReturned();
        return done.deliver(sink, done.size());
    }

    /** Registrations that failed while a full change list was flushed between two polls. */
    private void registrationFailures() {
        for (int i = 0; i < poller.failedCount(); i++) {
            HandleState st = handles.byFd(poller.failedFd(i));
            if (st != null) {
                sockets.onRegistrationError(st, -p.canonical(poller.failedErrno(i)));
            }
        }
        poller.clearFailed();
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
        registrationFailures();
        return swap.detach();
    }

    @Override
    public DetachedHandle release(IoHandle handle) throws IOException {
        assert inLoop();
        requireOpen();
        registrationFailures(); // settled here, so a refusal still waiting for this fd cannot hit a later handle of it
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

    /** For tests: this driver's kqueue descriptor. */
    int kq() {
        return poller.kq();
    }

    /** For tests: the handles this driver holds. */
    int handleCount() {
        return handles.size();
    }
}
