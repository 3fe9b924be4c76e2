package io.polyloop.scheduler.net;

import io.polyloop.spi.Availability;
import io.polyloop.spi.CompletionSink;
import io.polyloop.spi.DetachedHandle;
import io.polyloop.spi.DriverHandoff;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real backend whose drivers count, per operation, the cancels they are asked for (proves a cancel got there) and
 * the requests submitted (proves writes were gathered).
 */
final class CancelCountingProvider implements IoBackendProvider {
    private final IoBackendProvider delegate;
    private final ConcurrentHashMap<IoRequest.Op, AtomicInteger> cancels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<IoRequest.Op, AtomicInteger> submits = new ConcurrentHashMap<>();

    CancelCountingProvider(IoBackendProvider delegate) {
        this.delegate = delegate;
    }

    /** @return how many submitted requests of {@code op} the runtime asked a driver to cancel */
    int cancels(IoRequest.Op op) {
        AtomicInteger n = cancels.get(op);
        return n == null ? 0 : n.get();
    }

    /** @return how many requests of {@code op} the runtime submitted */
    int submits(IoRequest.Op op) {
        AtomicInteger n = submits.get(op);
        return n == null ? 0 : n.get();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public int rank() {
        return delegate.rank();
    }

    @Override
    public Availability probe() {
        return delegate.probe();
    }

    @Override
    public IoDriver open(DriverOptions options) throws IOException {
        return new Counting(delegate.open(options));
    }

    private final class Counting implements IoDriver {
        private final IoDriver d;

        Counting(IoDriver d) {
            this.d = d;
        }

        @Override
        public boolean cancel(IoRequest request) {
            boolean taken = d.cancel(request);
            if (taken) {
                cancels.computeIfAbsent(request.op(), k -> new AtomicInteger()).incrementAndGet();
            }
            return taken;
        }

        @Override
        public boolean cancelsAtOnce() {
            return d.cancelsAtOnce();
        }

        @Override
        public String backendName() {
            return d.backendName();
        }

        @Override
        public IoHandle openTcpListener(InetSocketAddress bind, int backlog, boolean reusePort) throws IOException {
            return d.openTcpListener(bind, backlog, reusePort);
        }

        @Override
        public IoHandle openTcp(boolean ipv6) throws IOException {
            return d.openTcp(ipv6);
        }

        @Override
        public IoHandle openUdp(InetSocketAddress bind) throws IOException {
            return d.openUdp(bind);
        }

        @Override
        public IoHandle openFile(Path path, int flags) throws IOException {
            return d.openFile(path, flags);
        }

        @Override
        public <T> void setOption(IoHandle socket, SocketOption<T> option, T value) throws IOException {
            d.setOption(socket, option, value);
        }

        @Override
        public <T> T getOption(IoHandle socket, SocketOption<T> option) throws IOException {
            return d.getOption(socket, option);
        }

        @Override
        public InetSocketAddress localAddress(IoHandle socket) throws IOException {
            return d.localAddress(socket);
        }

        @Override
        public InetSocketAddress remoteAddress(IoHandle socket) throws IOException {
            return d.remoteAddress(socket);
        }

        @Override
        public void shutdown(IoHandle socket, boolean read, boolean write) throws IOException {
            d.shutdown(socket, read, write);
        }

        @Override
        public void submit(IoRequest request) {
            submits.computeIfAbsent(request.op(), k -> new AtomicInteger()).incrementAndGet();
            d.submit(request);
        }

        @Override
        public int poll(CompletionSink sink, long timeoutNanos) throws IOException {
            return d.poll(sink, timeoutNanos);
        }

        @Override
        public void wakeup() {
            d.wakeup();
        }

        @Override
        public DriverHandoff detach() throws IOException {
            return d.detach();
        }

        @Override
        public void adopt(List<DetachedHandle> handles) throws IOException {
            d.adopt(handles);
        }

        @Override
        public void close(CompletionSink sink) {
            d.close(sink);
        }
    }
}
