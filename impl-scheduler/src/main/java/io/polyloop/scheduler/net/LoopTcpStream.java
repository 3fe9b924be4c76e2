package io.polyloop.scheduler.net;

import io.polyloop.api.Task;
import io.polyloop.api.net.TcpStream;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.spi.IoHandle;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.Objects;

/** A connection owned by one loop. Thread safe: off-loop calls are posted to the loop. */
public final class LoopTcpStream extends OwnedHandle implements TcpStream {
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final ReadSide reads;
    private final WriteSide writes;

    private LoopTcpStream(EventLoop loop, IoHandle handle, InetSocketAddress local, InetSocketAddress remote) {
        super(loop, handle);
        this.local = local;
        this.remote = remote;
        String peer = String.valueOf(remote);
        this.reads = new ReadSide(loop, handle, peer);
        this.writes = new WriteSide(loop, handle, peer);
    }

    /**
     * Wraps a connected handle and registers it with its loop. Loop thread only.
     *
     * @param remote the peer if known (accept reports it), else null to ask the OS
     */
    static LoopTcpStream open(EventLoop loop, IoHandle handle, InetSocketAddress remote) throws IOException {
        var driver = Connections.driver(loop);
        // Writes go out as issued (Go and Netty do the same): with Nagle, a write-write-read exchange waits for
        // the peer's delayed ACK. Callers batch by passing several buffers to one write.
        driver.setOption(handle, StandardSocketOptions.TCP_NODELAY, true);
        InetSocketAddress peer = remote != null ? remote : driver.remoteAddress(handle);
        LoopTcpStream stream = new LoopTcpStream(loop, handle, driver.localAddress(handle), peer);
        loop.register(stream);
        return stream;
    }

    @Override
    public Task<Integer> read(ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("read into a read-only buffer");
        }
        LoopTask<Integer> task = new LoopTask<>(loop);
        loop.run(() -> reads.read(task, dst), task);
        return task;
    }

    @Override
    public Task<Void> write(ByteBuffer src) {
        return write(new ByteBuffer[] {Objects.requireNonNull(src, "src")});
    }

    @Override
    public Task<Void> write(ByteBuffer... srcs) {
        for (ByteBuffer b : srcs) {
            Objects.requireNonNull(b, "a buffer in srcs");
        }
        LoopTask<Void> task = new LoopTask<>(loop);
        ByteBuffer[] copy = srcs.clone();
        loop.run(() -> writes.write(task, copy), task);
        return task;
    }

    @Override
    public Task<Void> shutdownOutput() {
        LoopTask<Void> task = new LoopTask<>(loop);
        loop.run(() -> writes.shutdownOutput(task), task);
        return task;
    }

    @Override
    void failPending() {
        reads.close();
        writes.close();
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public String toString() {
        return "TcpStream[" + local + " -> " + remote + (isOpen() ? "" : ", closed") + "]";
    }
}
