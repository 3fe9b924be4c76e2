package io.polyloop.example.echo;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.Task;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * A TCP echo server on an {@link IoRuntime}: accepts in a loop and, for each connection, reads, writes back what it
 * read, reads again, … and closes at end of stream. Everything is driven by task completions; no thread ever waits,
 * so a single loop thread serves any number of connections.
 *
 * <p>The continuations do not nest: when an operation is already complete by the time it is issued, its continuation
 * is posted to the runtime instead of being run on the current stack, so a fast connection cannot grow the stack.
 */
public final class EchoServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EchoServer.class);

    /** Bytes read (and so written back) per turn of a connection. */
    static final int BUFFER_SIZE = 16 * 1024;
    /** Back-off after a failed accept (out of file descriptors and the like), so the loop does not spin. */
    private static final Duration ACCEPT_RETRY = Duration.ofMillis(100);

    private final IoRuntime runtime;
    private final TcpListener listener;
    private final Set<TcpStream> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private EchoServer(IoRuntime runtime, TcpListener listener) {
        this.runtime = runtime;
        this.listener = listener;
    }

    /**
     * Listens on {@code bind} and starts serving.
     *
     * @return a stage completing with the running server once it listens, or with the failure to bind
     */
    public static CompletableFuture<EchoServer> start(IoRuntime runtime, InetSocketAddress bind) {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(bind, "bind");
        CompletableFuture<EchoServer> started = new CompletableFuture<>();
        runtime.listen(bind).whenComplete((listener, failure) -> {
            if (failure != null) {
                started.completeExceptionally(unwrap(failure));
                return;
            }
            EchoServer server = new EchoServer(runtime, listener);
            LOG.info("polyloop echo listening on {}", format(listener.localAddress()));
            server.acceptNext();
            started.complete(server);
        });
        return started;
    }

    /** @return the address listened on, with the real port when bound to port 0 */
    public InetSocketAddress localAddress() {
        return listener.localAddress();
    }

    /** @return the number of connections being served */
    public int connectionCount() {
        return connections.size();
    }

    public boolean isOpen() {
        return !closed;
    }

    /**
     * Stops accepting and closes every connection.
     *
     * @return a stage completing when the listener and every connection are closed (never failing)
     */
    public CompletableFuture<Void> closeAsync() {
        closed = true;
        List<CompletableFuture<Void>> all = new ArrayList<>();
        all.add(quietly(listener.closeAsync()));
        for (TcpStream c : connections) {
            all.add(quietly(c.closeAsync()));
        }
        connections.clear();
        return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
                .whenComplete((v, e) -> LOG.info("polyloop echo on {} closed", format(listener.localAddress())));
    }

    /** Same as {@link #closeAsync()}, without waiting. */
    @Override
    public void close() {
        closeAsync();
    }

    private void acceptNext() {
        if (closed) {
            return;
        }
        Task<TcpStream> accept;
        try {
            accept = listener.accept();
        } catch (RuntimeException e) {
            acceptFailed(e);
            return;
        }
        continueWith(accept, (stream, failure) -> {
            if (failure != null) {
                acceptFailed(failure);
                return;
            }
            connections.add(stream);
            if (closed) { // closeAsync() may have run before the add: close it here (closing twice is harmless)
                connections.remove(stream);
                stream.close();
                return;
            }
            LOG.debug("polyloop echo: connection from {}", stream.remoteAddress());
            readNext(stream, ByteBuffer.allocateDirect(BUFFER_SIZE));
            // The next accept goes out from a fresh task, after the tasks already queued: a burst of connections
            // cannot starve the connections being served. (It also sidestepped a runtime bug, since fixed, where
            // an accept issued inside an accept completion missed queued connections: see EchoServerTest.)
            try {
                runtime.post(this::acceptNext);
            } catch (RejectedExecutionException e) {
                LOG.warn("polyloop echo: runtime refused work, closing the server on {}",
                        format(listener.localAddress()));
                closeAsync();
            }
        });
    }

    private void acceptFailed(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (closed || !listener.isOpen() || cause instanceof ClosedChannelException
                || cause instanceof CancellationException) {
            return; // closed on purpose
        }
        LOG.warn("polyloop echo: accept on {} failed, retrying in {} ms: {}", format(listener.localAddress()),
                ACCEPT_RETRY.toMillis(), cause.toString());
        try {
            runtime.sleep(ACCEPT_RETRY).whenComplete((v, e) -> acceptNext());
        } catch (RejectedExecutionException e) {
            LOG.warn("polyloop echo: runtime refused work, closing the server on {}", format(listener.localAddress()));
            closeAsync();
        }
    }

    private void readNext(TcpStream stream, ByteBuffer buffer) {
        if (closed) {
            finish(stream, null);
            return;
        }
        buffer.clear();
        Task<Integer> read;
        try {
            read = stream.read(buffer);
        } catch (RuntimeException e) {
            finish(stream, e);
            return;
        }
        continueWith(read, (n, failure) -> {
            if (failure != null) {
                finish(stream, failure);
            } else if (n < 0) {
                finish(stream, null); // the peer shut down its side: we are done
            } else {
                buffer.flip();
                writeBack(stream, buffer);
            }
        });
    }

    private void writeBack(TcpStream stream, ByteBuffer buffer) {
        Task<Void> write;
        try {
            write = stream.write(buffer);
        } catch (RuntimeException e) {
            finish(stream, e);
            return;
        }
        continueWith(write, (v, failure) -> {
            if (failure != null) {
                finish(stream, failure);
            } else {
                readNext(stream, buffer);
            }
        });
    }

    private void finish(TcpStream stream, Throwable failure) {
        if (failure != null && !closed) {
            Throwable cause = unwrap(failure);
            if (!(cause instanceof CancellationException) && !(cause instanceof ClosedChannelException)) {
                LOG.info("polyloop echo: connection from {} failed: {}", stream.remoteAddress(), cause.toString());
            }
        }
        connections.remove(stream);
        stream.close();
    }

    /**
     * Runs {@code next} when {@code task} completes: on the completing thread if it completes later, posted to the
     * runtime if it is complete already (so that chains of immediate completions never nest on one stack).
     */
    private <T> void continueWith(Task<T> task, BiConsumer<T, Throwable> next) {
        if (!task.isDone()) {
            task.whenComplete(next::accept);
            return;
        }
        try {
            runtime.post(() -> task.whenComplete(next::accept));
        } catch (RejectedExecutionException e) {
            // The runtime is closing or its queue is full: give up on this step rather than grow the stack.
            next.accept(null, e);
        }
    }

    private static CompletableFuture<Void> quietly(CompletionStage<Void> stage) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        stage.whenComplete((v, e) -> done.complete(null));
        return done;
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String format(InetSocketAddress address) {
        return address == null ? "?" : address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
