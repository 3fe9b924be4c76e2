package io.polyloop.scheduler.net;

import io.polyloop.api.Task;
import io.polyloop.api.net.SocketOptionRules;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpOptions;
import io.polyloop.api.net.TcpStream;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.IoCompletion;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * A listening socket owned by one loop; accepts are served in issue order, one ACCEPT in flight per waiting accept
 * (at most {@link #MAX_ACCEPTS}). An ACCEPT the driver performs inside submit (a readiness driver with connections
 * queued) completes its accept before {@code accept()} returns, and the next accept takes another request while the
 * first awaits delivery: a caller accepting in a loop takes a burst of queued connections in one turn instead of one
 * per poll. Cancelling the last waiting accept cancels the ACCEPTs in the backend; a connection accepted for a task
 * cancelled meanwhile goes to the next waiting accept, or waits for the next accept (at most one per request).
 * Thread safe: off-loop calls are posted to the loop.
 */
public final class LoopTcpListener extends OwnedHandle implements TcpListener {
    private final InetSocketAddress local;
    /** ACCEPT requests per listener at most: connections taken from the kernel per turn by a looping caller. */
    static final int MAX_ACCEPTS = 16;
    /** Token of a request whose outcome was handled when submit returned: its delivery only frees it. */
    private static final long HANDLED = 1;

    private final ArrayDeque<LoopTask<TcpStream>> waiting = new ArrayDeque<>();
    /** Every request made so far ({@link #requests} of them); {@link #idle} holds those free to submit. */
    private final IoRequest[] all = new IoRequest[MAX_ACCEPTS];
    private final ArrayDeque<IoRequest> idle = new ArrayDeque<>(MAX_ACCEPTS);
    private final IoCompletion onAccept = this::onAccept;
    private final TcpOptions options;
    /** Connections accepted for tasks cancelled meanwhile, for the next accepts; at most one per request. */
    private final ArrayDeque<LoopTcpStream> ready = new ArrayDeque<>(MAX_ACCEPTS);
    private int requests;
    /** ACCEPTs submitted whose outcome is not handled yet. */
    private int pending;
    private boolean serving;
    /** Where accepted connections go (a hand-off to other loops), or null: they stay on this loop. */
    private volatile java.util.function.Supplier<EventLoop> placement;
    /** Connections on their way to another loop, each promised to a waiting accept. */
    private int moving;

    private LoopTcpListener(EventLoop loop, IoHandle handle, InetSocketAddress local, TcpOptions options) {
        super(loop, handle);
        this.local = local;
        this.options = options;
    }

    /** Binds, listens and registers with the loop. Loop thread only. */
    public static LoopTcpListener open(EventLoop loop, InetSocketAddress bind, int backlog) throws IOException {
        return open(loop, bind, backlog, false);
    }

    /** As {@link #open(EventLoop, InetSocketAddress, int)}, with SO_REUSEPORT set before bind if asked. */
    public static LoopTcpListener open(EventLoop loop, InetSocketAddress bind, int backlog, boolean reusePort)
            throws IOException {
        TcpOptions options = TcpOptions.defaults();
        return open(loop, bind, backlog, reusePort ? options.with(StandardSocketOptions.SO_REUSEPORT, true) : options);
    }

    /**
     * Binds and listens with SO_REUSEPORT if {@code options} ask, sets the listener's own options (SO_REUSEADDR,
     * SO_RCVBUF), and gives every accepted connection the connection options. Loop thread only.
     */
    public static LoopTcpListener open(EventLoop loop, InetSocketAddress bind, int backlog, TcpOptions options)
            throws IOException {
        var driver = loop.driver();
        IoHandle h = driver.openTcpListener(bind, backlog, options.reusePort());
        LoopTcpListener listener;
        try {
            for (Map.Entry<SocketOption<?>, Object> e : options.socketOptions().entrySet()) {
                if (SocketOptionRules.TCP_LISTENER.contains(e.getKey())) {
                    LoopTcpStream.set(driver, h, e.getKey(), e.getValue());
                }
            }
            listener = new LoopTcpListener(loop, h, driver.localAddress(h), options);
            loop.register(listener);
        } catch (IOException | RuntimeException e) {
            Connections.closeQuietly(loop, h);
            throw e;
        }
        return listener;
    }

    /**
     * Makes accepted connections live on the loop {@code placement} names (round robin over the runtime's loops,
     * say), moved there by {@link HandOff} where the backend can move handles. Before the first accept.
     */
    void placeConnections(java.util.function.Supplier<EventLoop> placement) {
        this.placement = placement;
    }

    /** @return whether accepted connections are placed by {@link #placeConnections} */
    boolean placesConnections() {
        return placement != null;
    }

    @Override
    public Task<TcpStream> accept() {
        LoopTask<TcpStream> task = new LoopTask<>(loop);
        loop.run(() -> enqueue(task), task);
        return task;
    }

    private void enqueue(LoopTask<TcpStream> task) {
        if (!isOpen()) {
            task.completeExceptionally(new ClosedChannelException());
            return;
        }
        LoopTcpStream r = ready.poll(); // taken before completing: the task's continuation may accept again
        if (r != null) {
            if (!task.complete(r)) {
                ready.addFirst(r);
            }
            return;
        }
        waiting.add(task);
        task.onCancel(() -> {
            waiting.remove(task);
            if (waiting.isEmpty()) {
                cancelPending();
            }
        });
        serve();
    }

    private void cancelPending() {
        for (int i = 0; i < requests; i++) {
            if (all[i].isSubmitted()) {
                Connections.cancel(loop, all[i]);
            }
        }
    }

    /** Submits an ACCEPT per waiting accept not yet served; not re-entrant (a completion's callback only queues). */
    private void serve() {
        if (serving) {
            return;
        }
        serving = true;
        try {
            for (;;) {
                while (!waiting.isEmpty() && waiting.peek().isDone()) {
                    waiting.poll();
                }
                if (!isOpen() || waiting.size() <= moving + pending) {
                    return;
                }
                IoRequest r = idle.poll();
                if (r == null) {
                    if (requests == MAX_ACCEPTS) {
                        return; // the next delivery serves the rest
                    }
                    r = new IoRequest().attachment(onAccept);
                    all[requests++] = r;
                }
                r.accept(handle).token(0);
                pending++;
                loop.submit(r);
                if (r.isCompleted()) { // performed inside submit: hand the connection over now
                    r.token(HANDLED);
                    pending--;
                    outcome(r);
                }
            }
        } finally {
            serving = false;
        }
    }

    private void onAccept(IoRequest r) {
        if (r.token() != HANDLED) {
            pending--;
            outcome(r);
        }
        idle.add(r);
        serve();
    }

    private void outcome(IoRequest r) {
        int result = r.result();
        if (result >= 0) {
            handOver(r.accepted(), r.address());
        } else if (result != -Errno.ECANCELED) {
            LoopTask<TcpStream> head = waiting.poll();
            if (head != null) {
                head.completeExceptionally(Errno.toException(result, "accept on " + local));
            }
        }
    }

    private void handOver(IoHandle connection, InetSocketAddress peer) {
        if (!isOpen()) {
            Connections.closeQuietly(loop, connection);
            return;
        }
        java.util.function.Supplier<EventLoop> p = placement;
        EventLoop target = p != null ? p.get() : loop;
        if (target != loop && HandOff.start(loop, connection, target, peer, options, this::arrived)) {
            moving++;
            return;
        }
        LoopTcpStream stream;
        try {
            stream = LoopTcpStream.open(loop, connection, peer, options, true);
        } catch (IOException | RuntimeException e) {
            Connections.closeQuietly(loop, connection);
            LoopTask<TcpStream> head = waiting.poll();
            if (head != null) {
                head.completeExceptionally(e);
            }
            return;
        }
        offer(stream);
    }

    /** A connection handed off to another loop is open there (or could not be wrapped). */
    private void arrived(LoopTcpStream stream, Throwable failure) {
        moving--;
        if (stream == null) {
            LoopTask<TcpStream> head = waiting.poll();
            if (head != null) {
                head.completeExceptionally(failure);
            }
        } else if (!isOpen()) {
            stream.close();
        } else {
            offer(stream);
        }
        serve();
    }

    /**
     * Gives {@code stream} to the first waiting accept that takes it. An accept cancelled while its ACCEPT raced to
     * completion leaves the connection here for the next accept: at most one per request, since an ACCEPT is only
     * issued for someone waiting.
     */
    private void offer(LoopTcpStream stream) {
        LoopTask<TcpStream> task;
        while ((task = waiting.poll()) != null) {
            if (task.complete(stream)) {
                return;
            }
        }
        if (ready.size() < MAX_ACCEPTS) {
            ready.add(stream);
        } else {
            stream.close();
        }
    }

    @Override
    public <T> Task<Void> setOption(SocketOption<T> option, T value) {
        SocketOptionRules.check(SocketOptionRules.TCP_LISTENER, "a TcpListener", option, value);
        return onOpenHandle(driver -> {
            driver.setOption(handle, option, value);
            return null;
        });
    }

    @Override
    public <T> Task<T> getOption(SocketOption<T> option) {
        SocketOptionRules.checkName(SocketOptionRules.TCP_LISTENER, "a TcpListener", option);
        return onOpenHandle(driver -> driver.getOption(handle, option));
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    protected void failPending(IOException cause) {
        LoopTcpStream r;
        while ((r = ready.poll()) != null) {
            r.close();
        }
        LoopTask<TcpStream> t;
        while ((t = waiting.poll()) != null) {
            t.completeExceptionally(cause);
        }
    }

    @Override
    public String toString() {
        return "TcpListener[" + local + (isOpen() ? "" : ", closed") + "]";
    }
}
