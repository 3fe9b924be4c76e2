package io.polyloop.scheduler.testkit;

import io.polyloop.spi.CompletionSink;
import io.polyloop.spi.DetachedHandle;
import io.polyloop.spi.DriverHandoff;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.nio.file.Path;
import java.util.List;

/**
 * A driver that forwards every call to a real one, for test providers that alter or count one behaviour and
 * override only that. Forwards {@link #cancelsAtOnce()}, {@link #selectsRecvBuffers()} and {@link #balancesAccepts()} too, so a wrapped driver takes the runtime down the same read
 * path as the real one. Optional capabilities ({@link io.polyloop.spi.HandleTransfer}, ...) are not implemented
 * here: a subclass that wants the runtime to see one implements it and forwards to {@link #delegate()}.
 */
public abstract class ForwardingDriver implements IoDriver {
    private final IoDriver d;

    protected ForwardingDriver(IoDriver delegate) {
        this.d = delegate;
    }

    protected final IoDriver delegate() {
        return d;
    }

    @Override
    public String backendName() {
        return d.backendName();
    }

    @Override
    public boolean cancelsAtOnce() {
        return d.cancelsAtOnce();
    }

    @Override
    public boolean selectsRecvBuffers() {
        return d.selectsRecvBuffers();
    }

    @Override
    public boolean balancesAccepts() {
        return d.balancesAccepts();
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
        d.submit(request);
    }

    @Override
    public boolean cancel(IoRequest request) {
        return d.cancel(request);
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
