package io.polyloop.scheduler.net;

import io.polyloop.api.net.TcpOptions;
import io.polyloop.api.net.TcpStream;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.IoCompletion;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.concurrent.CancellationException;

/** Opens outgoing connections on a loop. Loop thread only. */
public final class TcpConnector {
    private TcpConnector() {
    }

    /** {@link #connect(EventLoop, InetSocketAddress, TcpOptions, LoopTask)} with the default options. */
    public static void connect(EventLoop loop, InetSocketAddress remote, LoopTask<TcpStream> task) {
        connect(loop, remote, TcpOptions.defaults(), task);
    }

    /**
     * Starts connecting with the connection options of {@code options} set before the handshake (SO_RCVBUF must be,
     * for the window scale); {@code task} completes with the stream or the failure, and cancelling it aborts.
     */
    public static void connect(EventLoop loop, InetSocketAddress remote, TcpOptions options,
                               LoopTask<TcpStream> task) {
        if (task.isDone()) {
            return;
        }
        IoHandle handle;
        try {
            handle = loop.driver().openTcp(remote.getAddress() instanceof Inet6Address);
        } catch (IOException e) {
            task.completeExceptionally(e);
            return;
        }
        try {
            LoopTcpStream.applyStreamOptions(Connections.driver(loop), handle, options);
        } catch (IOException | RuntimeException e) {
            Connections.closeQuietly(loop, handle);
            task.completeExceptionally(e);
            return;
        }
        IoRequest request = new IoRequest().connect(handle, remote);
        request.attachment((IoCompletion) r -> {
            if (r.result() < 0 || task.isDone()) {
                Connections.closeQuietly(loop, handle);
                task.completeExceptionally(r.result() < 0
                        ? Errno.toException(r.result(), "connect to " + remote)
                        : new CancellationException());
                return;
            }
            try {
                LoopTcpStream stream = LoopTcpStream.open(loop, handle, remote, options, false);
                if (!task.complete(stream)) {
                    stream.close(); // cancelled from another thread since the check above: nobody else has it
                }
            } catch (IOException | RuntimeException e) {
                Connections.closeQuietly(loop, handle);
                task.completeExceptionally(e);
            }
        });
        loop.submit(request);
        task.onCancel(() -> {
            if (request.isSubmitted()) {
                Connections.cancel(loop, request);
            }
        });
    }
}
