package io.polyloop.example.redis.client;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.Task;
import io.polyloop.example.redis.resp.RespWriter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An asynchronous Redis client over a small pool of pipelined connections ({@code poolSize}, used round robin,
 * skipping connections that are down). Thread safe: call it from any thread, including a CPU pool's or a loop's.
 *
 * <p>Every call returns at once with a {@link Task}: the command is encoded on the calling thread and handed to the
 * runtime; nothing waits for the network, on the caller's thread or on a loop. Tasks complete on a loop thread (hop
 * with {@code …Async(fn, executor)} to continue elsewhere). Many requests may be in flight on each connection; their
 * replies come back in order.
 *
 * <p>How replies map to Java:
 * <ul>
 * <li>nil (a missing key) is {@code null}: {@link #get} completes with {@code null}, {@link #mget} has {@code null}
 *     elements;</li>
 * <li>an error reply fails the task with {@link RedisErrorException} (its {@code code()} is {@code ERR},
 *     {@code WRONGTYPE}, …); the connection stays usable;</li>
 * <li>no connection, or a connection lost with the request in flight: {@link RedisConnectionException}; the client
 *     reconnects by itself with backoff and later calls succeed;</li>
 * <li>too many requests waiting on one connection ({@code maxPending}): {@link RedisBusyException};</li>
 * <li>no reply within {@code requestTimeoutMillis}: {@link RedisTimeoutException} (the command may still run; the
 *     connection stays open); no answer to a connect within {@code connectTimeoutMillis}: that attempt fails as a
 *     refused one would ({@link RedisConnectionException} from {@link #connect}, then reconnects with backoff);</li>
 * <li>a reply larger than {@code maxReplyBytes}, or bytes that are not RESP2: the connection is closed (a
 *     {@link io.polyloop.example.redis.resp.RespProtocolException} as the cause of the
 *     {@link RedisConnectionException}s) and reconnected.</li>
 * </ul>
 * A cancelled task only stops waiting: the command may still run, and its reply is read and dropped. A failed
 * task's dependents see the failure wrapped in a {@link java.util.concurrent.CompletionException}, as for any
 * composed stage; {@code join()} throws that with the client's exception as its cause.
 */
public final class RedisClient implements AutoCloseable {
    private final IoRuntime runtime;
    private final RedisClientOptions options;
    private final RedisConnection[] connections;
    private final AtomicInteger next = new AtomicInteger();
    /** A completed task: each call's task is composed onto it (see {@link #call}). */
    private final Task<Void> seed;
    private final long timeoutNanos;

    private RedisClient(IoRuntime runtime, RedisClientOptions options) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.options = Objects.requireNonNull(options, "options");
        this.seed = runtime.submit(() -> null);
        this.timeoutNanos = options.requestTimeout().toNanos();
        this.connections = new RedisConnection[options.poolSize()];
        for (int i = 0; i < connections.length; i++) {
            connections[i] = new RedisConnection(runtime, options, i + 1);
        }
    }

    /**
     * Opens every connection of the pool.
     *
     * @return a task completing with the client once all are connected; if one cannot connect, the client is
     *         closed and the task fails with a {@link RedisConnectionException}
     */
    public static Task<RedisClient> connect(IoRuntime runtime, RedisClientOptions options) {
        RedisClient client = new RedisClient(runtime, options);
        return runtime.spawn(() -> {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (RedisConnection c : client.connections) {
                all.add(c.start());
            }
            return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
                    .handle((v, failure) -> failure)
                    .thenCompose(failure -> {
                        if (failure == null) {
                            return CompletableFuture.completedFuture(client);
                        }
                        return client.closeAsync().thenCompose(x ->
                                CompletableFuture.<RedisClient>failedFuture(RedisConnection.unwrap(failure)));
                    });
        });
    }

    /**
     * @return a client that connects in the background and keeps retrying with backoff; calls made before a
     *         connection is up fail with {@link RedisConnectionException}
     */
    public static RedisClient create(IoRuntime runtime, RedisClientOptions options) {
        RedisClient client = new RedisClient(runtime, options);
        for (RedisConnection c : client.connections) {
            c.start();
        }
        return client;
    }

    public RedisClientOptions options() {
        return options;
    }

    /** @return true if at least one connection of the pool is up */
    public boolean isConnected() {
        for (RedisConnection c : connections) {
            if (c.isReady()) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ commands

    /**
     * Sends any command.
     *
     * @return the raw reply: {@link String} (simple string), {@link Long}, {@code byte[]} (bulk string),
     *         {@code List<Object>} (array), or {@code null} (nil)
     */
    public Task<Object> command(String... args) {
        requireCommand(args);
        return call(args[0], RespWriter.command(args), Function.identity());
    }

    /** {@link #command(String...)} with binary arguments. */
    public Task<Object> command(byte[]... args) {
        requireCommand(args);
        return call(new String(args[0], StandardCharsets.UTF_8), RespWriter.command(args), Function.identity());
    }

    /** @return {@code PONG} */
    public Task<String> ping() {
        return call("PING", RespWriter.command("PING"), r -> Replies.text("PING", r));
    }

    /** @return the value as UTF-8, or {@code null} if the key does not exist */
    public Task<String> get(String key) {
        return call("GET", RespWriter.command("GET", key), r -> Replies.utf8("GET", r));
    }

    /** @return the value, or {@code null} if the key does not exist */
    public Task<byte[]> get(byte[] key) {
        return call("GET", RespWriter.command(bytes("GET"), key), r -> Replies.bytes("GET", r));
    }

    public Task<Void> set(String key, String value) {
        return call("SET", RespWriter.command("SET", key, value), r -> Replies.ok("SET", r));
    }

    public Task<Void> set(byte[] key, byte[] value) {
        return call("SET", RespWriter.command(bytes("SET"), key, value), r -> Replies.ok("SET", r));
    }

    /** SET with an expiry ({@code PX}), at least one millisecond. */
    public Task<Void> set(String key, String value, Duration ttl) {
        long millis = positiveMillis(ttl);
        return call("SET", RespWriter.command("SET", key, value, "PX", Long.toString(millis)),
                r -> Replies.ok("SET", r));
    }

    /** @return the number of keys that existed and were removed */
    public Task<Long> del(String... keys) {
        requireKeys(keys);
        return call("DEL", RespWriter.command(prepend("DEL", keys)), r -> Replies.integer("DEL", r));
    }

    /** @return the value after the increment; an error reply if the value is not an integer */
    public Task<Long> incr(String key) {
        return call("INCR", RespWriter.command("INCR", key), r -> Replies.integer("INCR", r));
    }

    /** @return the values in the order of {@code keys}, {@code null} for each key that does not exist */
    public Task<List<String>> mget(String... keys) {
        requireKeys(keys);
        return call("MGET", RespWriter.command(prepend("MGET", keys)), r -> Replies.utf8List("MGET", r));
    }

    /** @return true if the timeout was set, false if the key does not exist */
    public Task<Boolean> expire(String key, long seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("seconds=" + seconds + " is not positive; accepted: 1 or more (DEL"
                    + " removes a key at once)");
        }
        return call("EXPIRE", RespWriter.command("EXPIRE", key, Long.toString(seconds)),
                r -> Replies.flag("EXPIRE", r));
    }

    /** @return seconds to live, -1 if the key has no expiry, -2 if it does not exist */
    public Task<Long> ttl(String key) {
        return call("TTL", RespWriter.command("TTL", key), r -> Replies.integer("TTL", r));
    }

    // ------------------------------------------------------------------ life cycle

    /** Closes every connection; pending requests fail with {@link RedisConnectionException}. */
    public CompletionStage<Void> closeAsync() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (RedisConnection c : connections) {
            all.add(c.close());
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]));
    }

    /** Same as {@link #closeAsync()}, without waiting. */
    @Override
    public void close() {
        closeAsync();
    }

    // ------------------------------------------------------------------ internals

    /**
     * Sends the request on the caller's thread (so that one thread's calls keep their order whatever loop runs the
     * connection). The caller's task is the request composed onto a completed task: a task object and a relay per
     * call, where a spawn would also queue a task and chain three more stages.
     */
    private <T> Task<T> call(String name, byte[] encoded, Function<Object, T> map) {
        Request<T> request = new Request<>(name, encoded, map, timeoutNanos);
        Task<T> task = seed.thenCompose(request);
        pick().send(request);
        return task;
    }

    private RedisConnection pick() {
        int start = Math.floorMod(next.getAndIncrement(), connections.length);
        for (int i = 0; i < connections.length; i++) {
            RedisConnection c = connections[(start + i) % connections.length];
            if (c.isReady()) {
                return c;
            }
        }
        return connections[start]; // none is up: it fails the request with the reason
    }

    private static long positiveMillis(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("ttl=" + ttl + " is shorter than 1 ms; accepted: 1 ms or more");
        }
        return ttl.toMillis();
    }

    private static void requireCommand(Object[] args) {
        if (args == null || args.length == 0) {
            throw new IllegalArgumentException("a command needs at least its name, e.g. command(\"PING\")");
        }
        for (Object a : args) {
            Objects.requireNonNull(a, "a command argument");
        }
    }

    private static void requireKeys(String[] keys) {
        if (keys == null || keys.length == 0) {
            throw new IllegalArgumentException("no key given; accepted: one or more keys");
        }
        for (String k : keys) {
            Objects.requireNonNull(k, "a key");
        }
    }

    private static String[] prepend(String command, String[] keys) {
        String[] args = new String[keys.length + 1];
        args[0] = command;
        System.arraycopy(keys, 0, args, 1, keys.length);
        return args;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RedisClient[" + options + "]";
    }
}
