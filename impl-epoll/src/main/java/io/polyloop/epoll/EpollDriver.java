package io.polyloop.epoll;

import io.polyloop.posix.DirectBuffers;
import io.polyloop.posix.Errors;
import io.polyloop.posix.LibC;
import io.polyloop.posix.LinuxConstants;
import io.polyloop.posix.NativeMemory;
import io.polyloop.posix.SocketOptions;
import io.polyloop.spi.CompletionSink;
import io.polyloop.spi.DetachedHandle;
import io.polyloop.spi.DriverHandoff;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.Errno;
import io.polyloop.spi.HandleKind;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.polyloop.epoll.SocketIo.AGAIN;

/**
 * The epoll driver of one loop.
 *
 * <p>Edge-triggered, registered once. Each socket enters the epoll set once, with IN|OUT|RDHUP|ET, and is never
 * modified: through JNA every epoll_ctl costs ~100 ns more than through JNI, and a level-triggered design needs a MOD
 * whenever interest changes. The driver keeps the readiness an edge reported (one bit per direction) and the pending
 * requests per direction; a submit tries the syscall at once when its direction is ready (a send right after a
 * connect, a read of data that is already there) and only queues on EAGAIN, which clears the bit until the next edge.
 * An edge drains the queue of its direction until EAGAIN. ERR/HUP set both bits so that the syscalls report the error.
 * Netty went back to level-triggered for sockets because its Channel API reads on interest; this SPI always has a
 * concrete request to perform, which is what edge-triggering needs.
 *
 * <p>Completions found inside {@link #submit} go to a ready list that the next {@link #poll} delivers without blocking.
 * Regular files run on the provider's {@link BlockingPool}, one operation per file at a time (so that per-handle
 * order holds), and come back through an MPSC queue plus a wake-up.
 *
 * <p>Not thread safe: every method except {@link #wakeup()} belongs to the thread that opened the driver.
 */
final class EpollDriver implements IoDriver {
    private static final int OPEN = 0;
    private static final int DETACHED = 1;
    private static final int CLOSING = 2;
    private static final int CLOSED = 3;
    /** driverData of a CONNECT whose connect(2) returned EINPROGRESS. */
    private static final Object CONNECTING = new Object();
    private static final int SOCKET_EVENTS = Epoll.EPOLLIN | Epoll.EPOLLOUT | Epoll.EPOLLRDHUP | Epoll.EPOLLET;
    /** ctl scratch: one epoll_event at 0, the eventfd counter at 16. */
    private static final int EVENTFD_VALUE = 16;

    private final EpollBackendProvider provider;
    private final Thread owner;
    private final int epfd;
    private final Object wakeLock = new Object();
    private int wakeFd;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private int spareFd;
    private final NativeMemory events;
    private final int maxEvents;
    private final int blockingThreads;
    private final NativeMemory ctl = NativeMemory.allocate(32);
    private final SocketIo io = new SocketIo();
    private final SocketSetup setup = new SocketSetup(io);
    private final ArrayDeque<IoRequest> ready = new ArrayDeque<>(64);
    private final ConcurrentLinkedQueue<FileTask> fileDone = new ConcurrentLinkedQueue<>();
    private final HandleTable table = new HandleTable();
    private long seq;
    private int lifecycle = OPEN;

    private EpollDriver(EpollBackendProvider provider, DriverOptions options, int epfd, int wakeFd) {
        this.provider = provider;
        this.owner = Thread.currentThread();
        this.epfd = epfd;
        this.wakeFd = wakeFd;
        this.maxEvents = options.ringSize();
        this.blockingThreads = options.blockingThreads();
        this.events = NativeMemory.allocate(maxEvents * Epoll.EVENT_SIZE);
        this.spareFd = openSpare();
    }

    static EpollDriver open(EpollBackendProvider provider, DriverOptions options) throws IOException {
        int ep = Epoll.epoll_create1(Epoll.EPOLL_CLOEXEC);
        if (ep < 0) {
            throw Errors.exception("epoll_create1");
        }
        int efd = LibC.eventfd(0, LinuxConstants.EFD_NONBLOCK | LinuxConstants.EFD_CLOEXEC);
        if (efd < 0) {
            IOException e = Errors.exception("eventfd");
            LibC.close(ep);
            throw e;
        }
        EpollDriver d = new EpollDriver(provider, options, ep, efd);
        if (d.ctl(Epoll.EPOLL_CTL_ADD, efd, Epoll.EPOLLIN | Epoll.EPOLLET) < 0) {
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
        return attachOrClose(new IoHandle(HandleKind.TCP_LISTENER, fd, SocketSetup.isIpv6(bind)));
    }

    @Override
    public IoHandle openTcp(boolean ipv6) throws IOException {
        assert inLoop();
        requireOpen();
        return attachOrClose(new IoHandle(HandleKind.TCP_STREAM, setup.socket(ipv6, true), ipv6));
    }

    @Override
    public IoHandle openUdp(InetSocketAddress bind) throws IOException {
        assert inLoop();
        requireOpen();
        return attachOrClose(new IoHandle(HandleKind.UDP, setup.udp(bind), SocketSetup.isIpv6(bind)));
    }

    @Override
    public IoHandle openFile(Path path, int flags) throws IOException {
        assert inLoop();
        requireOpen();
        return attachOrClose(new IoHandle(HandleKind.FILE, SocketSetup.openFile(path, flags), false));
    }

    @Override
    public <T> void setOption(IoHandle socket, SocketOption<T> option, T value) throws IOException {
        assert inLoop();
        SocketOptions.set(socketFd(socket), option, value, io.mem, SocketIo.OPTION);
    }

    @Override
    public <T> T getOption(IoHandle socket, SocketOption<T> option) throws IOException {
        assert inLoop();
        return SocketOptions.get(socketFd(socket), option, io.mem, SocketIo.OPTION);
    }

    @Override
    public InetSocketAddress localAddress(IoHandle socket) throws IOException {
        assert inLoop();
        return setup.localAddress(socketFd(socket));
    }

    @Override
    public InetSocketAddress remoteAddress(IoHandle socket) throws IOException {
        assert inLoop();
        return setup.remoteAddress(socketFd(socket));
    }

    @Override
    public void shutdown(IoHandle socket, boolean read, boolean write) throws IOException {
        assert inLoop();
        if (!read && !write) {
            return;
        }
        int how = read && write ? LinuxConstants.SHUT_RDWR : read ? LinuxConstants.SHUT_RD : LinuxConstants.SHUT_WR;
        if (LibC.shutdown(socketFd(socket), how) < 0) {
            throw Errors.exception("shutdown " + socket);
        }
    }

    private int socketFd(IoHandle h) throws IOException {
        HandleState st = stateOf(h);
        if (st == null || h.isClosed()) {
            throw Errors.exception(LinuxConstants.EBADF, h + " is not open in this driver");
        }
        if (st.isFile()) {
            throw Errors.exception(Errno.EINVAL, h + " is not a socket");
        }
        return st.fd;
    }

    private HandleState stateOf(IoHandle h) {
        Object s = h.driverState();
        return s instanceof HandleState && ((HandleState) s).owner == this ? (HandleState) s : null;
    }

    private IoHandle attachOrClose(IoHandle h) throws IOException {
        int r = attach(h);
        if (r < 0) {
            LibC.close((int) h.descriptor());
            throw Errors.exception(-r, "epoll_ctl ADD " + h);
        }
        return h;
    }

    /** @return 0, or -errno if the socket cannot join the epoll set (the caller keeps the fd) */
    private int attach(IoHandle h) {
        HandleState st = new HandleState(this, h);
        if (h.kind() != HandleKind.FILE) {
            int events = h.kind() == HandleKind.TCP_LISTENER ? Epoll.EPOLLIN | Epoll.EPOLLET : SOCKET_EVENTS;
            if (ctl(Epoll.EPOLL_CTL_ADD, st.fd, events) < 0) {
                return Errors.negativeLastErrno();
            }
            st.registered = true;
        }
        table.put(st);
        h.driverState(st);
        return 0;
    }

    /** Leaves the epoll set and the table; the fd stays open. */
    private void forget(HandleState st) {
        if (st.registered) {
            ctl(Epoll.EPOLL_CTL_DEL, st.fd, 0);
            st.registered = false;
        }
        table.remove(st);
        st.handle.driverState(null);
    }

    private int ctl(int op, int fd, int eventMask) {
        ByteBuffer b = ctl.buffer();
        b.putInt(0, eventMask);
        b.putLong(Epoll.DATA_OFFSET, fd);
        return Epoll.epoll_ctl(epfd, op, fd, ctl.address());
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
            finish(r, -Errno.ECANCELED);
            return;
        }
        IoHandle h = r.handle();
        HandleState st = stateOf(h);
        if (st == null || h.isClosed()) {
            finish(r, -Errno.EBADF);
        } else if (!Ops.allowed(h.kind(), r.op())) {
            finish(r, -Errno.EINVAL);
        } else if (r.op() == IoRequest.Op.CLOSE) {
            close(st, r);
        } else {
            enqueue(st, r, seq++);
        }
    }

    private void enqueue(HandleState st, IoRequest r, long order) {
        if (st.isFile()) {
            st.writes.add(r, order);
            dispatchFiles(st);
        } else if (Ops.isReadSide(r.op())) {
            st.reads.add(r, order);
            if (st.reads.size() == 1) {
                drainReads(st);
            }
        } else {
            st.writes.add(r, order);
            if (st.writes.size() == 1) {
                drainWrites(st);
            }
        }
    }

    @Override
    public boolean cancel(IoRequest r) {
        assert inLoop();
        if (!r.isSubmitted() || lifecycle != OPEN) {
            return false;
        }
        HandleState st = stateOf(r.handle());
        if (st == null) {
            return false;
        }
        if (st.reads.remove(r) || st.writes.remove(r)) {
            finish(r, -Errno.ECANCELED);
            if (st.isFile()) {
                dispatchFiles(st);
            } else {
                drainWrites(st); // a cancelled head may have been holding the rest back
                drainReads(st);
            }
            return true;
        }
        FileTask t = st.running;
        if (t != null && t.request == r) {
            if (t.cancelIfQueued()) {
                st.running = null;
                finish(r, -Errno.ECANCELED);
                dispatchFiles(st);
            }
            return true; // else running: completes with its real result
        }
        return false;
    }

    private void finish(IoRequest r, int result) {
        r.complete(result);
        ready.add(r);
    }

    private void requireOpen() {
        if (lifecycle != OPEN) {
            throw new IllegalStateException("epoll driver is not open");
        }
    }

    // ------------------------------------------------------------------ sockets: readiness and queues

    private void drainReads(HandleState st) {
        IoRequest r;
        while (st.readable && (r = st.reads.peek()) != null) {
            int res = performRead(st, r);
            if (res == AGAIN) {
                st.readable = false;
                return;
            }
            st.reads.poll();
            finish(r, res);
        }
    }

    private void drainWrites(HandleState st) {
        IoRequest r;
        while ((r = st.writes.peek()) != null) {
            // connect(2) starts a connection: it needs no readiness, only its completion does
            boolean startsConnect = r.op() == IoRequest.Op.CONNECT && r.driverData() != CONNECTING;
            if (!st.writable && !startsConnect) {
                return;
            }
            int res = performWrite(st, r);
            if (res == AGAIN) {
                st.writable = false;
                return;
            }
            st.writes.poll();
            finish(r, res);
        }
    }

    private int performRead(HandleState st, IoRequest r) {
        switch (r.op()) {
            case RECV:
                return io.recv(st.fd, r.buffer());
            case RECV_FROM: {
                int n = io.recvFrom(st.fd, r.buffer());
                if (n >= 0) {
                    r.address(io.peer());
                }
                return n;
            }
            case ACCEPT:
                return accept(st, r);
            default:
                throw new AssertionError(r.op());
        }
    }

    private int performWrite(HandleState st, IoRequest r) {
        switch (r.op()) {
            case SEND:
                return io.send(st.fd, r.buffer());
            case SEND_VECTORED:
                return io.sendVectored(st.fd, r.buffers(), r.buffersOffset(), r.buffersLength());
            case SEND_TO:
                return io.sendTo(st.fd, r.buffer(), r.address(), st.handle.isIpv6());
            case CONNECT:
                if (r.driverData() == CONNECTING) {
                    return io.finishConnect(st.fd);
                }
                int res = io.connect(st.fd, r.address(), st.handle.isIpv6());
                if (res == AGAIN) {
                    r.driverData(CONNECTING);
                }
                return res;
            default:
                throw new AssertionError(r.op());
        }
    }

    private int accept(HandleState st, IoRequest r) {
        for (;;) {
            int fd = io.accept(st.fd);
            if (fd == AGAIN) {
                return AGAIN;
            }
            if (fd == -Errno.ECONNABORTED) {
                continue; // the peer gave up while queued: take the next one
            }
            if (fd == -Errno.EMFILE || fd == -Errno.ENFILE) {
                shedPendingConnections(st);
                return fd;
            }
            if (fd < 0) {
                return fd;
            }
            IoHandle h = new IoHandle(HandleKind.TCP_STREAM, fd, st.handle.isIpv6());
            int added = attach(h);
            if (added < 0) {
                LibC.close(fd);
                return added;
            }
            r.accepted(h);
            r.address(io.peer());
            return 0;
        }
    }

    /**
     * Out of descriptors (libuv's trick): free the spare fd, accept and close every queued connection so that their
     * clients see a reset instead of hanging, take the spare back. The accept completes with -EMFILE; the listener
     * is marked not readable so nothing spins (edge-triggered: the next connection is a new edge).
     */
    private void shedPendingConnections(HandleState st) {
        st.readable = false;
        if (spareFd < 0) {
            return;
        }
        LibC.close(spareFd);
        int fd;
        while ((fd = LibC.accept4(st.fd, 0, 0, LinuxConstants.SOCK_CLOEXEC)) >= 0
                || Errors.lastErrno() == LinuxConstants.EINTR) {
            if (fd >= 0) {
                LibC.close(fd);
            }
        }
        spareFd = openSpare();
    }

    private static int openSpare() {
        return LibC.open("/dev/null\0".getBytes(StandardCharsets.US_ASCII),
                LinuxConstants.O_RDONLY | LinuxConstants.O_CLOEXEC, 0);
    }

    // ------------------------------------------------------------------ close of one handle

    /** CLOSE: every other pending request completes with -ECANCELED first, then the CLOSE with close(2)'s result. */
    private void close(HandleState st, IoRequest closeRequest) {
        st.handle.markClosed();
        cancelQueued(st);
        FileTask t = st.running;
        if (t != null) {
            if (!t.cancelIfQueued()) {
                st.closeAfterRunning = closeRequest; // a worker is in pread/pwrite on this fd: close after it
                return;
            }
            st.running = null;
            finish(t.request, -Errno.ECANCELED);
        }
        finish(closeRequest, closeFd(st));
    }

    private void cancelQueued(HandleState st) {
        IoRequest r;
        while ((r = st.reads.poll()) != null) {
            finish(r, -Errno.ECANCELED);
        }
        while ((r = st.writes.poll()) != null) {
            finish(r, -Errno.ECANCELED);
        }
    }

    private int closeFd(HandleState st) {
        forget(st); // before close(2): the fd number may be reused at once
        st.handle.markClosed();
        // Linux frees the descriptor even when close(2) reports EINTR: never retry
        int r = LibC.close(st.fd);
        int e = r < 0 ? Errors.lastErrno() : 0;
        return r == 0 || e == LinuxConstants.EINTR ? 0 : -Errors.canonical(e);
    }

    // ------------------------------------------------------------------ files

    private void dispatchFiles(HandleState st) {
        IoRequest r;
        while (st.running == null && st.closeAfterRunning == null && (r = st.writes.peek()) != null) {
            long address = 0;
            long length = 0;
            if (r.op() != IoRequest.Op.FSYNC) {
                address = DirectBuffers.positionAddress(r.buffer());
                length = r.buffer().remaining();
            }
            FileTask t = new FileTask(st, r, address, length);
            st.writes.poll();
            if (provider.blockingPool(this).offer(t)) {
                st.running = t;
            } else {
                finish(r, -Errno.EAGAIN); // pool queue full: a stated bound, not unbounded growth
            }
        }
    }

    /** Worker thread. */
    void fileCompleted(FileTask t) {
        fileDone.add(t);
        wakeup();
    }

    private void drainFileCompletions() {
        FileTask t;
        while ((t = fileDone.poll()) != null) {
            if (t.state.running == t) {
                fileFinished(t);
            } // else already handled by detach or close, which waited for it
        }
    }

    private void fileFinished(FileTask t) {
        HandleState st = t.state;
        st.running = null;
        finish(t.request, t.result());
        if (st.closeAfterRunning != null) {
            IoRequest c = st.closeAfterRunning;
            st.closeAfterRunning = null;
            finish(c, closeFd(st));
        } else {
            dispatchFiles(st);
        }
    }

    // ------------------------------------------------------------------ poll and wakeup

    @Override
    public int poll(CompletionSink sink, long timeoutNanos) throws IOException {
        assert inLoop();
        requireOpen();
        drainFileCompletions();
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        int n;
        for (;;) {
            int millis = ready.isEmpty() ? Timeouts.toMillis(timeoutNanos, deadline) : 0;
            n = Epoll.epoll_wait(epfd, events.address(), maxEvents, millis);
            if (n >= 0) {
                break;
            }
            if (Errors.lastErrno() != LinuxConstants.EINTR) {
                throw Errors.exception("epoll_wait");
            }
            if (timeoutNanos > 0 && System.nanoTime() - deadline >= 0) {
                n = 0;
                break;
            }
        }
        // Reset after the wait: a wakeup() from now on writes again and makes the next wait return.
        wakePending.set(false);
        processEvents(n);
        drainFileCompletions();
        return deliver(sink, ready.size());
    }

    private void processEvents(int n) {
        ByteBuffer ev = events.buffer();
        for (int i = 0; i < n; i++) {
            int off = i * Epoll.EVENT_SIZE;
            int mask = ev.getInt(off);
            int fd = (int) ev.getLong(off + Epoll.DATA_OFFSET);
            if (fd == wakeFd) {
                LibC.eventfd_read(fd, ctl.address() + EVENTFD_VALUE);
                continue;
            }
            HandleState st = table.get(fd);
            if (st == null) {
                continue;
            }
            if ((mask & (Epoll.EPOLLERR | Epoll.EPOLLHUP)) != 0) {
                st.readable = true;
                st.writable = true;
            } else {
                if ((mask & (Epoll.EPOLLIN | Epoll.EPOLLRDHUP)) != 0) {
                    st.readable = true;
                }
                if ((mask & Epoll.EPOLLOUT) != 0) {
                    st.writable = true;
                }
            }
            drainWrites(st); // a finished connect first, so that reads queued behind it see a connected socket
            drainReads(st);
        }
    }

    /** Delivers the first {@code count} ready completions; those the sink causes wait for the next poll. */
    private int deliver(CompletionSink sink, int count) {
        for (int i = 0; i < count; i++) {
            sink.onCompletion(ready.poll());
        }
        return count;
    }

    @Override
    public void wakeup() {
        if (!wakePending.get() && wakePending.compareAndSet(false, true)) {
            // The lock is taken by at most one waker per loop turn (the flag coalesces); it keeps close() from
            // closing the eventfd under a write, after which the fd number could belong to someone else.
            synchronized (wakeLock) {
                if (wakeFd >= 0) {
                    LibC.eventfd_write(wakeFd, 1);
                }
            }
        }
    }

    // ------------------------------------------------------------------ hot swap

    @Override
    public DriverHandoff detach() throws IOException {
        assert inLoop();
        requireOpen();
        lifecycle = DETACHED;
        List<DetachedHandle> out = new ArrayList<>();
        for (HandleState st : table.snapshot()) {
            IoRequest notStarted = settleFileTask(st);
            if (st.handle.isClosed()) {
                continue; // a CLOSE that waited for the file task finished it
            }
            List<IoRequest> pending = new ArrayList<>(st.reads.size() + st.writes.size() + 1);
            if (notStarted != null) {
                pending.add(notStarted);
            }
            mergeBySubmission(st, pending);
            forget(st);
            out.add(new DetachedHandle(st.handle, pending));
        }
        fileDone.clear();
        List<IoRequest> completed = new ArrayList<>(ready);
        ready.clear();
        return new DriverHandoff(out, completed);
    }

    /**
     * Makes sure no worker touches a file handle any more: a queued task is taken back (returned, not run), a running
     * one is waited for and its completion delivered.
     *
     * @return the request of a task taken back, or null
     */
    private IoRequest settleFileTask(HandleState st) {
        FileTask t = st.running;
        if (t == null) {
            return null;
        }
        st.running = null;
        if (t.cancelIfQueued()) {
            return t.request;
        }
        t.awaitDone();
        finish(t.request, t.result());
        if (st.closeAfterRunning != null) {
            IoRequest c = st.closeAfterRunning;
            st.closeAfterRunning = null;
            finish(c, closeFd(st));
        }
        return null;
    }

    private static void mergeBySubmission(HandleState st, List<IoRequest> into) {
        while (!st.reads.isEmpty() || !st.writes.isEmpty()) {
            boolean takeRead = st.writes.isEmpty()
                    || !st.reads.isEmpty() && st.reads.peekSeq() < st.writes.peekSeq();
            IoRequest r = takeRead ? st.reads.poll() : st.writes.poll();
            if (r.driverData() == CONNECTING) {
                r.driverData(null); // the next driver re-issues connect(2) and gets EALREADY or EISCONN
            }
            into.add(r);
        }
    }

    @Override
    public void adopt(List<DetachedHandle> handles) throws IOException {
        assert inLoop();
        requireOpen();
        List<HandleState> added = new ArrayList<>(handles.size());
        for (DetachedHandle dh : handles) {
            IoHandle h = dh.handle();
            int r = h.driverState() != null ? -Errno.EINVAL : attach(h);
            if (r < 0) {
                for (HandleState st : added) {
                    forget(st);
                }
                throw Errors.exception(-r, "adopt " + h + (h.driverState() != null ? ": still attached" : ""));
            }
            added.add(stateOf(h));
        }
        for (int i = 0; i < handles.size(); i++) {
            HandleState st = added.get(i);
            // readiness is unknown: assume ready, the first syscall finds out (EAGAIN clears it)
            st.readable = true;
            st.writable = true;
            for (IoRequest r : handles.get(i).pending()) {
                if (st.isFile()) {
                    st.writes.add(r, seq++);
                } else if (Ops.isReadSide(r.op())) {
                    st.reads.add(r, seq++);
                } else {
                    st.writes.add(r, seq++);
                }
            }
            if (st.isFile()) {
                dispatchFiles(st);
            } else {
                drainWrites(st);
                drainReads(st);
            }
        }
    }

    // ------------------------------------------------------------------ end of life

    @Override
    public void close(CompletionSink sink) {
        assert inLoop();
        if (lifecycle == CLOSED || lifecycle == CLOSING) {
            return;
        }
        lifecycle = CLOSING;
        for (HandleState st : table.snapshot()) {
            IoRequest notStarted = settleFileTask(st);
            if (notStarted != null) {
                finish(notStarted, -Errno.ECANCELED);
            }
            if (!st.handle.isClosed()) {
                st.handle.markClosed();
                cancelQueued(st);
                closeFd(st);
            }
        }
        fileDone.clear();
        // a sink that submits while we close gets -ECANCELED completions, delivered here too
        while (!ready.isEmpty()) {
            deliver(sink, ready.size());
        }
        lifecycle = CLOSED;
        synchronized (wakeLock) {
            LibC.close(wakeFd);
            wakeFd = -1;
        }
        LibC.close(epfd);
        if (spareFd >= 0) {
            LibC.close(spareFd);
            spareFd = -1;
        }
        events.free();
        ctl.free();
        io.free();
    }

    int blockingThreads() {
        return blockingThreads;
    }

    /** For tests: the handles this driver holds. */
    int handleCount() {
        return table.size();
    }
}
