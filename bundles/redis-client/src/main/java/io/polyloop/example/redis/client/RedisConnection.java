package io.polyloop.example.redis.client;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.Task;
import io.polyloop.api.TaskTimeoutException;
import io.polyloop.api.net.TcpStream;
import io.polyloop.example.redis.resp.RespDecoder;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One pipelined connection to Redis, reconnecting with backoff. Requests are encoded by the caller, appended to an
 * output buffer and written in batches, one write in flight at a time: whatever arrives while a write is out goes
 * with the next one, and requests sent by continuations of the replies of one read go out together once that read's
 * replies are delivered (as Netty flushes on read-complete). Replies come back in request order and complete the
 * oldest pending request. At most {@code maxPending} requests wait for a reply; past that a request fails at once
 * ({@link RedisBusyException}). A request without a reply after {@code requestTimeoutMillis} fails with
 * {@link RedisTimeoutException} (checked by one interval timer per connection, not a timer per request); a connect
 * attempt without an answer after {@code connectTimeoutMillis} counts as failed.
 *
 * <p>When the connection breaks, every pending request fails with a {@link RedisConnectionException}, requests sent
 * while it is down fail the same way at once, and a reconnect is attempted after a {@link Backoff} delay, forever
 * until closed. Each connection gets its own generation number: completions of an older stream are ignored.
 *
 * <p>Callers put requests into an MPSC inbox, which keeps each caller's order even when the strategy runs the
 * drains on different loops. Every other field is touched only by actions of the
 * {@link SerialLane}. Thread safe.
 */
final class RedisConnection {
    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int OUTPUT_BUFFER_BYTES = 16 * 1024;

    private enum State { NEW, CONNECTING, READY, WAITING, CLOSED }

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
    /** Replies of one read are being delivered: requests their continuations send are flushed after the batch. */
    private boolean delivering;
    private final ArrayDeque<Request<?>> pending = new ArrayDeque<>();
    /** Requests offered by callers, not yet taken by the lane: the one structure callers touch directly. */
    private final ConcurrentLinkedQueue<Request<?>> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inboxSize = new AtomicInteger();
    /** A drain of the inbox is posted and has not started yet: one post per burst of offers, not one per request. */
    private final AtomicBoolean drainPosted = new AtomicBoolean();
    private final Runnable drainAction = this::drainInbox;
    private final Runnable postedDrain = () -> {
        drainPosted.set(false);
        lane.execute(drainAction);
    };
    private final Runnable timeoutCheck = this::failExpired;
    private Task<Void> reconnectTimer;
    private Task<Void> timeoutTicker;
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
        if (options.requestTimeout().toNanos() > 0) {
            onLoop(this::startTimeoutTicker);
        }
        return firstConnect;
    }

    boolean isReady() {
        return ready;
    }

    /**
     * Sends a request, in the caller's order: requests sent one after another by a thread go out in that order,
     * whichever loops run this connection's actions. Any thread; never blocks. A continuation of one of this
     * connection's replies (the usual closed loop) appends to the output at once, written after the read's replies
     * are delivered; any other caller queues it in the inbox, drained by one posted action per burst. The request
     * completes on a loop.
     */
    void send(Request<?> request) {
        if (lane.inLane() && state == State.READY && pending.size() < options.maxPending()) {
            drainInbox(); // this thread's earlier requests first
            enqueue(request);
            if (!delivering) {
                flush();
            }
            return;
        }
        if (inboxSize.incrementAndGet() > options.maxPending()) {
            inboxSize.decrementAndGet();
            request.completeExceptionally(busy(options.maxPending()));
            return;
        }
        inbox.offer(request);
        postDrain();
    }

    private void postDrain() {
        if (drainPosted.get() || !drainPosted.compareAndSet(false, true)) {
            return; // a drain not started yet will see the request
        }
        try {
            runtime.post(postedDrain);
        } catch (RejectedExecutionException e) {
            postedDrain.run(); // the runtime is closing: fail them here
        }
    }

    /**
     * Moves what {@link #send} queued to the connection, then writes. Takes at most what was queued when it started,
     * so that a caller retrying at once on failure cannot keep one lane action running: the rest goes to a new post.
     */
    private void drainInbox() {
        int budget = inboxSize.get();
        Request<?> r;
        while (budget-- > 0 && (r = inbox.poll()) != null) {
            inboxSize.decrementAndGet();
            enqueue(r);
        }
        if (!inbox.isEmpty()) {
            postDrain();
        }
        if (!delivering) {
            flush();
        }
    }

    /** Closes the connection; pending requests fail. Any thread. */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        onLoop(() -> shutdown(closed));
        return closed;
    }

    // ------------------------------------------------------------------ lane actions

    /** Appends a request to the output; the caller flushes. */
    private void enqueue(Request<?> request) {
        assert lane.inLane();
        if (request.isDone()) {
            return; // timed out before it was sent
        }
        if (state != State.READY) {
            request.completeExceptionally(notConnected());
            return;
        }
        if (pending.size() >= options.maxPending()) {
            request.completeExceptionally(busy(pending.size()));
            return;
        }
        pending.add(request);
        out.raw(request.command);
    }

    private void flush() {
        if (state != State.READY || writing || out.isEmpty()) {
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
        delivering = true;
        try {
            Object reply;
            while ((reply = decoder.decode(buffer)) != RespDecoder.INCOMPLETE) {
                Request<?> request = pending.poll();
                if (request == null) {
                    throw new RespProtocolException("a reply arrived with no request waiting for it: "
                            + Replies.describe(reply));
                }
                request.answer(reply);
                if (gen != generation) {
                    return; // a continuation closed the client
                }
            }
        } catch (RespProtocolException e) {
            delivering = false;
            broken(e);
            return;
        } finally {
            delivering = false;
        }
        flush(); // what the continuations sent, in one write
        readNext(gen, buffer);
    }

    private void connect() {
        if (state == State.CLOSED || state == State.READY || state == State.CONNECTING) {
            return;
        }
        state = State.CONNECTING;
        Task<TcpStream> connecting;
        try {
            connecting = runtime.timeout(options.connectTimeout(), runtime.connect(options.address()));
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
            if (cause instanceof TaskTimeoutException) {
                cause = new java.net.ConnectException("no answer to connect within connectTimeoutMillis="
                        + options.connectTimeout().toMillis());
            }
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
        if (timeoutTicker != null) {
            timeoutTicker.cancel();
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
        List<Request<?>> failed = new ArrayList<>(pending);
        pending.clear();
        for (Request<?> request : failed) {
            request.completeExceptionally(failure);
        }
    }

    private void startTimeoutTicker() {
        if (state == State.CLOSED) {
            return;
        }
        // A request fails between requestTimeout and requestTimeout + one period after it was sent.
        long period = Math.max(1, Math.min(100, options.requestTimeout().toMillis() / 4));
        try {
            timeoutTicker = runtime.interval(Duration.ofMillis(period), tick -> lane.execute(timeoutCheck));
        } catch (RejectedExecutionException e) {
            LOG.debug("polyloop {}: runtime closed, no request timeouts", name);
        }
    }

    /**
     * Fails the requests past their deadline. They stay in {@link #pending}: their replies, if they come, are read
     * and dropped, so that later replies still meet their requests.
     */
    private void failExpired() {
        long now = System.nanoTime();
        List<Request<?>> expired = null;
        for (Request<?> r : pending) {
            if (!r.expired(now)) {
                break; // sent in order, so the rest expire later
            }
            if (!r.isDone()) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(r);
            }
        }
        if (expired == null) {
            return;
        }
        // Completed after the walk: a continuation may send again, which adds to pending.
        for (Request<?> r : expired) {
            r.completeExceptionally(new RedisTimeoutException(name + ": no reply to " + r.name + " within "
                    + "requestTimeoutMillis=" + options.requestTimeout().toMillis() + "; the command may still run,"
                    + " its reply will be dropped; the connection stays open"));
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
