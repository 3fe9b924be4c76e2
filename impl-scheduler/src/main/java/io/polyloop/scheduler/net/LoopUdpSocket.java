package io.polyloop.scheduler.net;

import io.polyloop.api.Task;
import io.polyloop.api.net.SocketOptionRules;
import io.polyloop.api.net.UdpSocket;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.IoCompletion;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import io.polyloop.spi.MulticastMembership;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.NotYetConnectedException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

/**
 * A UDP socket owned by one loop: one SEND_TO and one RECV_FROM in flight at a time, each through a pooled staging
 * buffer, with bounded queues behind them. Thread safe: off-loop calls are posted to the loop.
 */
public final class LoopUdpSocket extends OwnedHandle implements UdpSocket {
    /** One queued send or receive. */
    private static final class Op {
        final LoopTask<?> task;
        final ByteBuffer buffer;
        final InetSocketAddress target;

        Op(LoopTask<?> task, ByteBuffer buffer, InetSocketAddress target) {
            this.task = task;
            this.buffer = buffer;
            this.target = target;
        }
    }

    private final InetSocketAddress local;
    private final ArrayDeque<Op> sends = new ArrayDeque<>();
    private final ArrayDeque<Op> receives = new ArrayDeque<>();
    private final IoRequest sendRequest = new IoRequest();
    private final IoRequest receiveRequest = new IoRequest();
    private final InFlightGate sendGate = new InFlightGate() {
        @Override
        void serve() {
            serveSends();
        }
    };
    private final InFlightGate receiveGate = new InFlightGate() {
        @Override
        void serve() {
            serveReceives();
        }
    };
    private ByteBuffer sendStaging;
    private ByteBuffer receiveStaging;
    private volatile InetSocketAddress connected;
    private IOException closeCause;

    private LoopUdpSocket(EventLoop loop, IoHandle handle, InetSocketAddress local) {
        super(loop, handle);
        this.local = local;
        sendRequest.attachment((IoCompletion) this::onSent);
        receiveRequest.attachment((IoCompletion) this::onReceived);
    }

    /** Binds and registers with the loop. Loop thread only. */
    public static LoopUdpSocket open(EventLoop loop, InetSocketAddress bind) throws IOException {
        var driver = loop.driver();
        IoHandle h = driver.openUdp(bind);
        try {
            LoopUdpSocket socket = new LoopUdpSocket(loop, h, driver.localAddress(h));
            loop.register(socket);
            return socket;
        } catch (IOException | RuntimeException e) {
            Connections.closeQuietly(loop, h);
            throw e;
        }
    }

    // ------------------------------------------------------------------ sends

    @Override
    public Task<Void> send(ByteBuffer src, InetSocketAddress target) {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(target, "target");
        if (target.isUnresolved()) {
            throw new IllegalArgumentException("target " + target + " is unresolved; resolve it first");
        }
        LoopTask<Void> task = new LoopTask<>(loop);
        loop.run(() -> enqueue(sends, sendGate, new Op(task, src, target)), task);
        return task;
    }

    @Override
    public Task<Void> send(ByteBuffer src) {
        InetSocketAddress peer = connected;
        if (peer == null) {
            throw new NotYetConnectedException();
        }
        return send(src, peer);
    }

    private void serveSends() {
        Op op;
        int n;
        while (true) {
            while ((op = sends.peek()) != null && op.task.isDone()) {
                sends.poll();
            }
            if (op == null || !isOpen()) {
                return;
            }
            op.task.uncancellable(); // a datagram goes whole or not at all
            if (sendStaging == null && (sendStaging = staging(op, "send to " + op.target)) == null) {
                sends.poll(); // no direct memory: this datagram failed, the socket and the loop go on
                continue;
            }
            n = op.buffer.remaining();
            if (n <= sendStaging.capacity()) {
                break;
            }
            // Fails alone, and the next queued datagram is served by this pass: the gate's next() would be a no-op
            // inside it.
            sends.poll();
            op.task.completeExceptionally(new IOException("datagram of " + n + " bytes is larger than "
                    + sendStaging.capacity() + " bytes (UDP carries 65507 at most)"));
        }
        sendStaging.clear();
        sendStaging.put(0, op.buffer, op.buffer.position(), n).limit(n);
        sendRequest.sendTo(handle, sendStaging, op.target);
        sendGate.submitted();
        loop.submit(sendRequest);
    }

    @SuppressWarnings("unchecked")
    private void onSent(IoRequest r) {
        sendGate.delivered();
        Op op = sends.poll();
        if (op != null) {
            if (r.result() >= 0) {
                op.buffer.position(op.buffer.position() + r.result());
                ((LoopTask<Void>) op.task).complete(null);
            } else {
                op.task.completeExceptionally(failure(r, "send to " + op.target));
            }
        }
        if (sends.isEmpty() || !isOpen()) {
            releaseSendStaging();
        }
        sendGate.next();
    }

    // ------------------------------------------------------------------ receives

    @Override
    public Task<InetSocketAddress> receive(ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("receive into a read-only buffer");
        }
        LoopTask<InetSocketAddress> task = new LoopTask<>(loop);
        Op op = new Op(task, dst, null);
        loop.run(() -> {
            if (enqueue(receives, receiveGate, op)) {
                task.onCancel(() -> {
                    if (receives.peek() == op && receiveGate.inFlight()) {
                        Connections.cancel(loop, receiveRequest);
                    } else {
                        receives.remove(op);
                    }
                });
            }
        }, task);
        return task;
    }

    /** @return a loop staging buffer, or null with {@code op} failed: out of direct memory, not the loop */
    private ByteBuffer staging(Op op, String what) {
        try {
            return loop.buffers().acquire();
        } catch (OutOfMemoryError e) {
            op.task.completeExceptionally(new IOException("no direct memory for the staging buffer of a " + what
                    + ": " + e.getMessage(), e));
            return null;
        }
    }

    private void serveReceives() {
        do {
            while (!receives.isEmpty() && receives.peek().task.isDone()) {
                receives.poll();
            }
            if (receives.isEmpty() || !isOpen()) {
                return;
            }
            receiveStaging = staging(receives.peek(), "receive on " + local);
        } while (receiveStaging == null); // no direct memory: that receive failed (done), the socket and loop go on
        receiveRequest.recvFrom(handle, receiveStaging);
        receiveGate.submitted();
        loop.submit(receiveRequest);
    }

    @SuppressWarnings("unchecked")
    private void onReceived(IoRequest r) {
        receiveGate.delivered();
        ByteBuffer data = receiveStaging;
        receiveStaging = null;
        Op op = receives.poll();
        try {
            if (op == null || op.task.isDone()) {
                // a datagram for a receive cancelled meanwhile is dropped: UDP makes no promise of delivery
                return;
            }
            if (r.result() >= 0) {
                int n = Math.min(r.result(), op.buffer.remaining());
                op.buffer.put(op.buffer.position(), data, 0, n);
                op.buffer.position(op.buffer.position() + n);
                ((LoopTask<InetSocketAddress>) op.task).complete(r.address());
            } else {
                op.task.completeExceptionally(failure(r, "receive on " + local));
            }
        } finally {
            loop.buffers().release(data);
            receiveGate.next();
        }
    }

    // ------------------------------------------------------------------ shared

    private boolean enqueue(ArrayDeque<Op> queue, InFlightGate gate, Op op) {
        if (!isOpen()) {
            op.task.completeExceptionally(closed());
            return false;
        }
        if (queue.size() >= MAX_QUEUED) {
            op.task.completeExceptionally(new RejectedExecutionException(MAX_QUEUED + " operations already wait on "
                    + this + "; wait for some to complete"));
            return false;
        }
        queue.add(op);
        gate.next();
        return true;
    }

    private IOException failure(IoRequest r, String what) {
        return r.result() == -Errno.ECANCELED ? closed() : Errno.toException(r.result(), what);
    }

    private IOException closed() {
        return closeCause != null ? closeCause : new java.nio.channels.ClosedChannelException();
    }

    @Override
    public Task<Void> connect(InetSocketAddress remote) {
        Objects.requireNonNull(remote, "remote");
        LoopTask<Void> task = new LoopTask<>(loop);
        loop.run(() -> {
            if (!isOpen()) {
                task.completeExceptionally(closed());
                return;
            }
            loop.submit(new IoRequest().connect(handle, remote).attachment((IoCompletion) r -> {
                if (r.result() < 0) {
                    task.completeExceptionally(failure(r, "connect to " + remote));
                } else {
                    connected = remote;
                    task.complete(null);
                }
            }));
        }, task);
        return task;
    }

    @Override
    public Task<Void> joinGroup(InetAddress group, NetworkInterface networkInterface) {
        return membership(MulticastMembership.JOIN, group, networkInterface);
    }

    @Override
    public Task<Void> leaveGroup(InetAddress group, NetworkInterface networkInterface) {
        return membership(MulticastMembership.LEAVE, group, networkInterface);
    }

    private Task<Void> membership(SocketOption<MulticastMembership> option, InetAddress group,
                                  NetworkInterface nif) {
        MulticastMembership m = new MulticastMembership(group, nif == null ? 0 : nif.getIndex());
        return onOpenHandle(driver -> {
            driver.setOption(handle, option, m);
            return null;
        });
    }

    @Override
    public <T> Task<Void> setOption(SocketOption<T> option, T value) {
        SocketOptionRules.check(SocketOptionRules.UDP, "a UdpSocket", option, value);
        return onOpenHandle(driver -> {
            driver.setOption(handle, option, value);
            return null;
        });
    }

    @Override
    public <T> Task<T> getOption(SocketOption<T> option) {
        SocketOptionRules.checkName(SocketOptionRules.UDP, "a UdpSocket", option);
        return onOpenHandle(driver -> driver.getOption(handle, option));
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    protected void failPending(IOException cause) {
        closeCause = cause;
        failAllBut(sends, sendGate.inFlight(), cause);
        failAllBut(receives, receiveGate.inFlight(), cause);
        if (!sendGate.inFlight()) {
            releaseSendStaging();
        }
    }

    /** Fails queued operations; the head, if its request is with the driver, completes through the driver's CLOSE. */
    private static void failAllBut(ArrayDeque<Op> queue, boolean headInFlight, IOException cause) {
        Op head = headInFlight ? queue.poll() : null;
        Op op;
        while ((op = queue.poll()) != null) {
            op.task.completeExceptionally(cause);
        }
        if (head != null) {
            queue.add(head);
        }
    }

    private void releaseSendStaging() {
        if (sendStaging != null && !sendGate.inFlight()) {
            loop.buffers().release(sendStaging);
            sendStaging = null;
        }
    }

    @Override
    public String toString() {
        return "UdpSocket[" + local + (isOpen() ? "" : ", closed") + "]";
    }
}
