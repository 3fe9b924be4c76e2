package io.polyloop.scheduler.net;

import io.polyloop.api.Task;
import io.polyloop.api.buffer.BufferPool;
import io.polyloop.api.buffer.PooledBuffer;
import io.polyloop.api.net.SocketOptionRules;
import io.polyloop.api.net.TcpOptions;
import io.polyloop.api.net.TcpStream;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.scheduler.timer.Timer;
import io.polyloop.scheduler.timer.TimerWheel;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/** A connection owned by one loop. Thread safe: off-loop calls are posted to the loop. */
public final class LoopTcpStream extends OwnedHandle implements TcpStream {
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final ReadSide reads;
    private final LoanSizer loans = new LoanSizer();
    private final WriteSide writes;
    /** The idle timeout while one is set, else null: a stream without one keeps no state and reads no clock for it. */
    private IdleTimeout idle;

    private LoopTcpStream(EventLoop loop, IoHandle handle, InetSocketAddress local, InetSocketAddress remote,
                          TcpOptions options) {
        super(loop, handle);
        this.local = local;
        this.remote = remote;
        this.reads = new ReadSide(loop, handle, this);
        this.writes = new WriteSide(loop, handle, this, options.lowWatermark(), options.highWatermark());
        reads.timeoutNanos(options.readTimeout().toNanos());
        idle(options.idleTimeout().toNanos());
    }

    /** {@link #open(EventLoop, IoHandle, InetSocketAddress, TcpOptions, boolean)} with the defaults. */
    static LoopTcpStream open(EventLoop loop, IoHandle handle, InetSocketAddress remote) throws IOException {
        return open(loop, handle, remote, TcpOptions.defaults(), true);
    }

    /**
     * Wraps a connected handle and registers it with its loop. Loop thread only.
     *
     * @param remote       the peer if known (accept reports it), else null to ask the OS
     * @param applyOptions false if the socket options were set before connecting
     */
    static LoopTcpStream open(EventLoop loop, IoHandle handle, InetSocketAddress remote, TcpOptions options,
                              boolean applyOptions) throws IOException {
        var driver = Connections.driver(loop);
        if (applyOptions) {
            applyStreamOptions(driver, handle, options);
        }
        InetSocketAddress peer = remote != null ? remote : driver.remoteAddress(handle);
        LoopTcpStream stream = new LoopTcpStream(loop, handle, driver.localAddress(handle), peer, options);
        loop.register(stream);
        return stream;
    }

    /**
     * Sets the options of {@code options} that concern a connection. TCP_NODELAY is on by default (Go and Netty do
     * the same): with Nagle, a write-write-read exchange waits for the peer's delayed ACK.
     */
    static void applyStreamOptions(IoDriver driver, IoHandle handle, TcpOptions options) throws IOException {
        for (Map.Entry<SocketOption<?>, Object> e : options.socketOptions().entrySet()) {
            if (SocketOptionRules.TCP_STREAM.contains(e.getKey())) {
                set(driver, handle, e.getKey(), e.getValue());
            }
        }
    }

    @SuppressWarnings("unchecked")
    static <T> void set(IoDriver driver, IoHandle handle, SocketOption<T> option, Object value) throws IOException {
        driver.setOption(handle, option, (T) value);
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Task<Integer> read(ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("read into a read-only buffer");
        }
        LoopTask<Integer> task = new LoopTask<>(loop.ioTasks());
        if (loop.inLoop()) {
            reads.read(reads.some(task, dst)); // the side's spare read object if it has one (see ReadSide.retire)
        } else {
            loop.run(() -> reads.read(reads.some(task, dst)), task);
        }
        return task;
    }

    @Override
    public Task<PooledBuffer> read(BufferPool pool, int max) {
        Objects.requireNonNull(pool, "pool");
        if (max < 1 || max > BufferPool.MAX_CAPACITY) {
            throw new IllegalArgumentException("read(pool, " + max + "): max is out of range; accepted: 1 to "
                    + BufferPool.MAX_CAPACITY + " bytes");
        }
        // the loan is taken when bytes are there (PooledRead), not now: a read waiting on an idle peer holds none
        LoopTask<PooledBuffer> task = new LoopTask<>(loop.ioTasks());
        if (loop.inLoop()) {
            reads.read(reads.pooled(task, pool, max, loans));
        } else {
            loop.run(() -> reads.read(reads.pooled(task, pool, max, loans)), task);
        }
        return task;
    }

    @Override
    public Task<ByteBuffer> readExactly(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("readExactly(" + n + "): the byte count must be >= 0");
        }
        LoopTask<ByteBuffer> task = new LoopTask<>(loop.ioTasks());
        if (n == 0) {
            task.complete(ByteBuffer.allocate(0));
            return task;
        }
        loop.run(() -> reads.read(new ReadOp.Exact(task, n)), task);
        return task;
    }

    @Override
    public Task<ByteBuffer> readUntil(byte[] delimiter, int max) {
        Objects.requireNonNull(delimiter, "delimiter");
        if (delimiter.length == 0 || max < delimiter.length) {
            throw new IllegalArgumentException("readUntil: delimiter of " + delimiter.length + " bytes with max "
                    + max + "; accepted: a non-empty delimiter and max >= its length");
        }
        byte[] d = delimiter.clone();
        LoopTask<ByteBuffer> task = new LoopTask<>(loop.ioTasks());
        loop.run(() -> reads.read(new ReadOp.Until(task, d, max)), task);
        return task;
    }

    @Override
    public void setReadTimeout(Duration timeout) {
        long nanos = TcpOptions.checkTimeout("read timeout", timeout).toNanos();
        loop.run(() -> reads.timeoutNanos(nanos), closedTask());
    }

    @Override
    public void setIdleTimeout(Duration timeout) {
        long nanos = TcpOptions.checkTimeout("idle timeout", timeout).toNanos();
        loop.run(() -> idle(nanos), closedTask());
    }

    private LoopTask<Void> closedTask() {
        return new LoopTask<>(loop); // where a refused post (runtime closed) is recorded; nobody waits on it
    }

    // ------------------------------------------------------------------ idle timeout

    /** Sets the idle timeout ({@code nanos} > 0) or removes it; the quiet time counts from the first one set. */
    private void idle(long nanos) {
        IdleTimeout t = idle;
        if (t != null) {
            t.stop();
        }
        if (nanos <= 0) {
            idle = null;
            return;
        }
        if (t == null) {
            t = new IdleTimeout();
            idle = t;
        }
        t.nanos = nanos;
        if (isOpen()) {
            t.check(nanos);
        }
    }

    /** A byte was read or written: what the idle timeout watches (a clock read only while one is set). */
    void active() {
        IdleTimeout t = idle;
        if (t != null) {
            t.last = System.nanoTime();
        }
    }

    /** The idle timeout of the stream: when it last saw activity, and its own timer for the next check. */
    private final class IdleTimeout extends Timer {
        long nanos;
        /** {@link System#nanoTime()} of the last activity, or of when the timeout was set. */
        long last = System.nanoTime();

        void check(long inNanos) {
            loop.scheduleAt(this, loop.nanoTime() + Math.min(inNanos, TimerWheel.MAX_DELAY_NANOS));
        }

        void stop() {
            if (isPending()) {
                loop.cancel(this);
            }
        }

        @Override
        public void run() {
            long quiet = System.nanoTime() - last;
            if (quiet >= nanos) {
                closeOnLoop(new SocketTimeoutException("connection to " + remote + " closed: idle for "
                        + quiet / 1_000_000 + " ms (idle timeout " + nanos / 1_000_000 + " ms)"));
            } else if (isOpen()) {
                check(nanos - quiet);
            }
        }

        /** Dropped unfired by a loop shutting down: nothing to run, the loop closes the connection itself. */
        @Override
        public Runnable discard() {
            return null;
        }
    }

    // ------------------------------------------------------------------ writes

    @Override
    public Task<Void> write(ByteBuffer src) {
        Objects.requireNonNull(src, "src");
        LoopTask<Void> task = new LoopTask<>(loop.ioTasks());
        if (loop.inLoop()) {
            writes.write(task, src); // no array, no lambda on the loop
        } else {
            loop.run(() -> writes.write(task, src), task);
        }
        return task;
    }

    @Override
    public Task<Void> write(ByteBuffer... srcs) {
        for (ByteBuffer b : srcs) {
            Objects.requireNonNull(b, "a buffer in srcs");
        }
        LoopTask<Void> task = new LoopTask<>(loop.ioTasks());
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
    public boolean isWritable() {
        return writes.isWritable();
    }

    @Override
    public long unsentBytes() {
        return writes.unsent();
    }

    @Override
    public Task<Void> whenWritable() {
        LoopTask<Void> task = new LoopTask<>(loop);
        loop.run(() -> writes.whenWritable(task), task);
        return task;
    }

    @Override
    public void onWritabilityChanged(Consumer<Boolean> listener) {
        writes.listener(listener);
    }

    // ------------------------------------------------------------------ options

    @Override
    public <T> Task<Void> setOption(SocketOption<T> option, T value) {
        SocketOptionRules.check(SocketOptionRules.TCP_STREAM, "a TcpStream", option, value);
        return onOpenHandle(driver -> {
            driver.setOption(handle, option, value);
            return null;
        });
    }

    @Override
    public <T> Task<T> getOption(SocketOption<T> option) {
        SocketOptionRules.checkName(SocketOptionRules.TCP_STREAM, "a TcpStream", option);
        return onOpenHandle(driver -> driver.getOption(handle, option));
    }

    // ------------------------------------------------------------------ life cycle

    @Override
    protected void failPending(IOException cause) {
        if (idle != null) {
            idle.stop();
        }
        reads.close(cause);
        writes.close(cause);
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
