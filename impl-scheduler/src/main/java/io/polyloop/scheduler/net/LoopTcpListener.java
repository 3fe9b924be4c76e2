package io.polyloop.scheduler.net;

import io.polyloop.api.Task;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.IoCompletion;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;

/**
 * A listening socket owned by one loop; accepts are served in issue order with one ACCEPT in flight. A connection
 * accepted for a task cancelled meanwhile goes to the next waiting accept, or is closed if none waits. Thread safe:
 * off-loop calls are posted to the loop.
 */
public final class LoopTcpListener extends OwnedHandle implements TcpListener {
    private final InetSocketAddress local;
    private final ArrayDeque<LoopTask<TcpStream>> waiting = new ArrayDeque<>();
    private final IoRequest request = new IoRequest();
    private final InFlightGate gate = new InFlightGate(this::serve);

    private LoopTcpListener(EventLoop loop, IoHandle handle, InetSocketAddress local) {
        super(loop, handle);
        this.local = local;
        request.attachment((IoCompletion) this::onAccept);
    }

    /** Binds, listens and registers with the loop. Loop thread only. */
    public static LoopTcpListener open(EventLoop loop, InetSocketAddress bind, int backlog) throws IOException {
        return open(loop, bind, backlog, false);
    }

    /** As {@link #open(EventLoop, InetSocketAddress, int)}, with SO_REUSEPORT set before bind if asked. */
    public static LoopTcpListener open(EventLoop loop, InetSocketAddress bind, int backlog, boolean reusePort)
            throws IOException {
        var driver = loop.driver();
        IoHandle h = driver.openTcpListener(bind, backlog, reusePort);
        LoopTcpListener listener;
        try {
            listener = new LoopTcpListener(loop, h, driver.localAddress(h));
            loop.register(listener);
        } catch (IOException | RuntimeException e) {
            Connections.closeQuietly(loop, h);
            throw e;
        }
        return listener;
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
        waiting.add(task);
        task.onCancel(() -> {
            waiting.remove(task);
            if (waiting.isEmpty() && gate.inFlight()) {
                Connections.cancel(loop, request);
            }
        });
        gate.next();
    }

    private void serve() {
        while (!waiting.isEmpty() && waiting.peek().isDone()) {
            waiting.poll();
        }
        if (isOpen() && !waiting.isEmpty()) {
            request.accept(handle);
            gate.submitted();
            loop.submit(request);
        }
    }

    private void onAccept(IoRequest r) {
        gate.delivered();
        int result = r.result();
        if (result >= 0) {
            handOver(r.accepted(), r.address());
        } else if (result != -Errno.ECANCELED) {
            LoopTask<TcpStream> head = waiting.poll();
            if (head != null) {
                head.completeExceptionally(Errno.toException(result, "accept on " + local));
            }
        }
        gate.next();
    }

    private void handOver(IoHandle connection, InetSocketAddress peer) {
        LoopTask<TcpStream> task;
        while ((task = waiting.poll()) != null && task.isDone()) {
            // cancelled while the accept was in flight
        }
        if (task == null || !isOpen()) {
            Connections.closeQuietly(loop, connection);
            if (task != null) {
                task.completeExceptionally(new AsynchronousCloseException());
            }
            return;
        }
        try {
            task.complete(LoopTcpStream.open(loop, connection, peer));
        } catch (IOException | RuntimeException e) {
            Connections.closeQuietly(loop, connection);
            task.completeExceptionally(e);
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    void failPending() {
        LoopTask<TcpStream> t;
        while ((t = waiting.poll()) != null) {
            t.completeExceptionally(new AsynchronousCloseException());
        }
    }

    @Override
    public String toString() {
        return "TcpListener[" + local + (isOpen() ? "" : ", closed") + "]";
    }
}
