package io.polyloop.example.redis.client;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.Task;
import io.polyloop.api.net.TcpStream;
import io.polyloop.example.redis.resp.RespDecoder;
import io.polyloop.example.redis.resp.RespError;
import io.polyloop.example.redis.resp.RespLimits;
import io.polyloop.example.redis.resp.RespProtocolException;
import io.polyloop.example.redis.resp.RespWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One pipelined connection to Redis, reconnecting with backoff. Requests are encoded by the caller, appended to an
 * output buffer and written in batches, one write in flight at a time: whatever arrives while a write is out goes
 * with the next one. Replies come back in request order and complete the oldest pending request. At most
 * {@code maxPending} requests wait for a reply; past that a request fails at once ({@link RedisBusyException}).
 *
 * <p>When the connection breaks, every pending request fails with a {@link RedisConnectionException}, requests sent
 * while it is down fail the same way at once, and a reconnect is attempted after a {@link Backoff} delay, forever
 * until closed. Each connection gets its own generation number: completions of an older stream are ignored.
 *
 * <p>Callers put requests into an MPSC inbox, which keeps each caller's order even when the strategy runs the
 * following {@link #drain()}s on different loops. Every other field is touched only by actions of the
 * {@link SerialLane}. Thread safe.
 */
final class RedisConnection {
    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int OUTPUT_BUFFER_BYTES = 16 * 1024;

    private enum State { NEW, CONNECTING, READY, WAITING, CLOSED }

    private record Request(byte[] command, CompletableFuture<Object> reply) {
    }

    private final IoRuntime runtime;
    private final RedisClientOptions options;
    private final String name;
    private final SerialLane lane = new SerialLane();
    private final Backoff backoff;
    private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();
    /** Written by the lane, read by the pool to prefer connections that are up. */
    private volatile boolean ready;

    private State state = State.NEW;
    private int generation;
    private TcpStream stream;
    private RespDecoder decoder;
    private RespWriter out;
    private RespWriter spare;
    private boolean writing;
    private final ArrayDeque<CompletableFuture<Object>> pending = new ArrayDeque<>();
    /** Requests offered by callers, not yet taken by the lane: the one structure callers touch directly. */
    private final ConcurrentLinkedQueue<Request> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inboxSize = new AtomicInteger();
    private Task<Void> reconnectTimer;
    private Throwable lastFailure;

    RedisConnection(IoRuntime runtime, RedisClientOptions options, int index) {
        this.runtime = runtime;
        this.options = options;
        this.name = "redis " + options.address().getAddress().getHostAddress() + ":" + options.address().getPort()
                + " #" + index;
        this.backoff = new Backoff(options.reconnectMin(), options.reconnectMax());
    }

    /**
     * Starts connecting (and reconnecting after failures, until closed).
     *
     * @return a stage completing when the first attempt succeeds, or failing when it fails
     */
    CompletableFuture<Void> start() {
        onLoop(this::connect);
        return firstConnect;
    }

    boolean isReady() {
        return ready;
    }

    /**
     * Queues an encoded command, in the caller's order: requests offered one after another by a thread are sent in
     * that order, whichever loops later run {@link #drain()}. Any thread; never blocks.
     *
     * @return the reply stage, completed on a loop once {@link #drain()} has run (failed at once if too many wait)
     */
    CompletableFuture<Object> offer(byte[] command) {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        if (inboxSize.incrementAndGet() > options.maxPending()) {
            inboxSize.decrementAndGet();
            reply.completeExceptionally(busy(options.maxPending()));
            return reply;
        }
        inbox.offer(new Request(command, reply));
        return reply;
    }

    /** Moves what {@link #offer} queued to the connection. Loop threads. */
    void drain() {
        lane.execute(this::drainInbox);
    }

    private void drainInbox() {
        Request r;
        while ((r = inbox.poll()) != null) {
            inboxSize.decrementAndGet();
            enqueue(r.command, r.reply);
        }
    }

    /** Closes the connection; pending requests fail. Any thread. */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        onLoop(() -> shutdown(closed));
        return closed;
    }

    // ------------------------------------------------------------------ lane actions

    private void enqueue(byte[] command, CompletableFuture<Object> reply) {
        assert lane.inLane();
        if (reply.isDone()) {
            return; // given up before it was sent (the runtime refused its spawn)
        }
        if (state != State.READY) {
            reply.completeExceptionally(notConnected());
            return;
        }
        if (pending.size() >= options.maxPending()) {
            reply.completeExceptionally(busy(pending.size()));
            return;
        }
        pending.add(reply);
        out.raw(command);
        flush();
    }

    private void flush() {
        if (writing || out.isEmpty() || state != State.READY) {
            return;
        }
        RespWriter sending = out;
        out = spare;
        spare = sending;
        writing = true;
        int gen = generation;
        Task<Void> write;
        try {
            write = stream.write(sending.buffer());
        } catch (RuntimeException e) {
            broken(e);
            return;
        }
        write.whenComplete((v, failure) -> lane.execute(() -> written(gen, sending, failure)));
    }

    private void written(int gen, RespWriter sent, Throwable failure) {
        if (gen != generation) {
            return; // a write of a connection that broke meanwhile
        }
        writing = false;
        sent.clear();
        if (failure != null) {
            broken(failure);
        } else {
            flush();
        }
    }

    private void readNext(int gen, ByteBuffer buffer) {
        buffer.clear();
        Task<Integer> read;
        try {
            read = stream.read(buffer);
        } catch (RuntimeException e) {
            broken(e);
            return;
        }
        read.whenComplete((n, failure) -> lane.execute(() -> onRead(gen, buffer, n, failure)));
    }

    private void onRead(int gen, ByteBuffer buffer, Integer n, Throwable failure) {
        if (gen != generation) {
            return;
        }
        if (failure != null) {
            broken(failure);
            return;
        }
        if (n < 0) {
            broken(new EOFException("the server closed the connection"));
            return;
        }
        buffer.flip();
        try {
            Object reply;
            while ((reply = decoder.decode(buffer)) != RespDecoder.INCOMPLETE) {
                CompletableFuture<Object> request = pending.poll();
                if (request == null) {
                    throw new RespProtocolException("a reply arrived with no request waiting for it: "
                            + Replies.describe(reply));
                }
                if (reply instanceof RespError) {
                    RespError error = (RespError) reply;
                    request.completeExceptionally(new RedisErrorException(error.code(), error.message()));
                } else {
                    request.complete(reply);
                }
            }
        } catch (RespProtocolException e) {
            broken(e);
            return;
        }
        readNext(gen, buffer);
    }

    private void connect() {
        if (state == State.CLOSED || state == State.READY || state == State.CONNECTING) {
            return;
        }
        state = State.CONNECTING;
        Task<TcpStream> connecting;
        try {
            connecting = runtime.connect(options.address());
        } catch (RuntimeException e) {
            connected(null, e);
            return;
        }
        connecting.whenComplete((s, failure) -> lane.execute(() -> connected(s, failure)));
    }

    private void connected(TcpStream s, Throwable failure) {
        if (state == State.CLOSED) {
            if (s != null) {
                s.close();
            }
            return;
        }
        if (failure != null) {
            Throwable cause = unwrap(failure);
            lastFailure = cause;
            if (!firstConnect.isDone()) {
                firstConnect.completeExceptionally(new RedisConnectionException(
                        name + ": cannot connect: " + describe(cause), cause));
            }
            if (backoff.attempts() <= 1) {
                LOG.warn("polyloop {}: cannot connect ({}); retrying with backoff", name, describe(cause));
            } else {
                LOG.debug("polyloop {}: reconnect attempt {} failed: {}", name, backoff.attempts(), describe(cause));
            }
            scheduleReconnect();
            return;
        }
        boolean reconnect = firstConnect.isDone();
        generation++;
        stream = s;
        decoder = RespDecoder.forReplies(RespLimits.ofMaxValueBytes(options.maxReplyBytes()));
        // Fresh buffers per connection: the old stream may still hold the previous ones until its writes complete.
        out = new RespWriter(OUTPUT_BUFFER_BYTES);
        spare = new RespWriter(OUTPUT_BUFFER_BYTES);
        writing = false;
        lastFailure = null;
        backoff.reset();
        state = State.READY;
        ready = true;
        readNext(generation, ByteBuffer.allocate(READ_BUFFER_BYTES));
        if (reconnect) {
            LOG.info("polyloop {}: reconnected", name);
        }
        firstConnect.complete(null);
    }

    /** The connection is unusable: fail what waits on it and reconnect later. */
    private void broken(Throwable failure) {
        if (state != State.READY) {
            return;
        }
        Throwable cause = unwrap(failure);
        lastFailure = cause;
        generation++;
        state = State.WAITING;
        ready = false;
        stream.close();
        stream = null;
        LOG.warn("polyloop {}: connection lost ({}); {} requests failed; reconnecting", name, describe(cause),
                pending.size());
        failPending(new RedisConnectionException(name + ": connection lost (" + describe(cause)
                + "); the request may or may not have been executed", cause));
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        state = State.WAITING;
        Duration delay = backoff.next();
        try {
            reconnectTimer = runtime.sleep(delay);
        } catch (RejectedExecutionException e) {
            LOG.debug("polyloop {}: runtime closed, no reconnect", name);
            return;
        }
        reconnectTimer.whenComplete((v, e) -> lane.execute(this::connect));
    }

    private void shutdown(CompletableFuture<Void> closed) {
        if (state == State.CLOSED) {
            closed.complete(null);
            return;
        }
        state = State.CLOSED;
        ready = false;
        generation++;
        if (reconnectTimer != null) {
            reconnectTimer.cancel();
        }
        firstConnect.completeExceptionally(new RedisConnectionException(name + ": closed before connecting", null));
        drainInbox(); // fails them: the state is CLOSED
        failPending(new RedisConnectionException(name + ": the client was closed", null));
        if (stream == null) {
            closed.complete(null);
        } else {
            stream.closeAsync().whenComplete((v, e) -> closed.complete(null));
            stream = null;
        }
    }

    private void failPending(RedisConnectionException failure) {
        // Taken out first: a continuation that sends again must find the queue consistent (its request queues in
        // the lane and fails as not connected).
        List<CompletableFuture<Object>> failed = new ArrayList<>(pending);
        pending.clear();
        for (CompletableFuture<Object> request : failed) {
            request.completeExceptionally(failure);
        }
    }

    private RedisBusyException busy(int waiting) {
        return new RedisBusyException(name + ": " + waiting + " requests are waiting, the limit (maxPending); retry"
                + " when some have completed");
    }

    private RedisConnectionException notConnected() {
        String why = state == State.CLOSED ? "the client was closed"
                : "not connected (" + state.name().toLowerCase(java.util.Locale.ROOT)
                + (lastFailure == null ? "" : ", last failure: " + describe(lastFailure))
                + "); reconnecting with backoff";
        return new RedisConnectionException(name + ": " + why, lastFailure);
    }

    /** Runs a lane action from a loop thread, so that completions never run on a caller's thread. */
    private void onLoop(Runnable action) {
        try {
            runtime.post(() -> lane.execute(action));
        } catch (RejectedExecutionException e) {
            lane.execute(action); // the runtime is closing: run here, its I/O calls fail fast
        }
    }

    static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    @Override
    public String toString() {
        return name;
    }
}
