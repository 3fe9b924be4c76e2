package io.polyloop.example.redis.server;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.Task;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * A small Redis server on an {@link IoRuntime}: accepts connections and serves each as a {@link ServerConnection}
 * over one shared {@link Keyspace}; a timer drops expired keys in bounded slices. Nothing waits for the network, so
 * one loop serves every connection. Thread safe.
 */
public final class MiniRedisServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MiniRedisServer.class);
    private static final Duration ACCEPT_RETRY = Duration.ofMillis(100);
    private static final Duration SWEEP_PERIOD = Duration.ofMillis(100);
    private static final int SWEEP_BUDGET = 1000;

    private final IoRuntime runtime;
    private final TcpListener listener;
    private final MiniRedisOptions options;
    private final Keyspace keyspace;
    private final Commands commands;
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile Task<Void> sweepTimer;

    private MiniRedisServer(IoRuntime runtime, TcpListener listener, MiniRedisOptions options) {
        this.runtime = runtime;
        this.listener = listener;
        this.options = options;
        this.keyspace = new Keyspace(System::currentTimeMillis, options.maxKeys());
        this.commands = new Commands(keyspace);
    }

    /** @return a stage completing with the running server once it listens, or with the failure to bind */
    public static CompletableFuture<MiniRedisServer> start(IoRuntime runtime, MiniRedisOptions options) {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(options, "options");
        CompletableFuture<MiniRedisServer> started = new CompletableFuture<>();
        runtime.listen(options.address()).whenComplete((listener, failure) -> {
            if (failure != null) {
                started.completeExceptionally(unwrap(failure));
                return;
            }
            MiniRedisServer server = new MiniRedisServer(runtime, listener, options);
            LOG.info("polyloop mini-redis listening on {}", format(listener.localAddress()));
            server.acceptNext();
            server.sweepLater();
            started.complete(server);
        });
        return started;
    }

    public InetSocketAddress localAddress() {
        return listener.localAddress();
    }

    public MiniRedisOptions options() {
        return options;
    }

    public int connectionCount() {
        return connections.size();
    }

    /** Stops accepting, closes every connection; the data is dropped. Never fails. */
    public CompletableFuture<Void> closeAsync() {
        closed = true;
        Task<Void> timer = sweepTimer;
        if (timer != null) {
            timer.cancel();
        }
        List<CompletableFuture<Void>> all = new ArrayList<>();
        all.add(quietly(listener.closeAsync()));
        for (ServerConnection c : connections) {
            all.add(quietly(c.stream().closeAsync()));
        }
        connections.clear();
        return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
                .whenComplete((v, e) -> LOG.info("polyloop mini-redis on {} closed", format(listener.localAddress())));
    }

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
        Steps.after(runtime, accept, (stream, failure) -> {
            if (failure != null) {
                acceptFailed(failure);
                return;
            }
            ServerConnection c = new ServerConnection(runtime, stream, commands, options.maxCommandBytes(),
                    connections::remove);
            connections.add(c);
            if (closed) { // closeAsync() may have run before the add
                connections.remove(c);
                stream.close();
                return;
            }
            c.start();
            acceptNext();
        });
    }

    private void acceptFailed(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (closed || !listener.isOpen() || cause instanceof ClosedChannelException
                || cause instanceof CancellationException) {
            return;
        }
        LOG.warn("polyloop mini-redis: accept on {} failed, retrying in {} ms: {}", format(listener.localAddress()),
                ACCEPT_RETRY.toMillis(), cause.toString());
        try {
            runtime.sleep(ACCEPT_RETRY).whenComplete((v, e) -> acceptNext());
        } catch (RejectedExecutionException e) {
            closeAsync();
        }
    }

    private void sweepLater() {
        if (closed) {
            return;
        }
        try {
            Task<Void> timer = runtime.sleep(SWEEP_PERIOD);
            sweepTimer = timer;
            timer.whenComplete((v, e) -> {
                if (e == null) {
                    keyspace.sweep(SWEEP_BUDGET);
                    sweepLater();
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("polyloop mini-redis: runtime closed, expiry sweep stopped");
        }
    }

    private static CompletableFuture<Void> quietly(java.util.concurrent.CompletionStage<Void> stage) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        stage.whenComplete((v, e) -> done.complete(null));
        return done;
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String format(InetSocketAddress address) {
        return address == null ? "?" : address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
