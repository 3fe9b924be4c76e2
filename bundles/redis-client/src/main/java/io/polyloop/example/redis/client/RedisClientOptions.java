package io.polyloop.example.redis.client;

import io.polyloop.example.redis.resp.RespLimits;
import io.polyloop.example.redis.settings.PropertyReader;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The validated settings of a {@link RedisClient}, the same from Config Admin (PID {@value #PID}) and from plain
 * Java ({@link #parse}). Immutable.
 *
 * <table>
 * <tr><th>property</th><th>accepted</th><th>default</th></tr>
 * <tr><td>{@value #HOST}</td><td>an IP literal</td><td>127.0.0.1</td></tr>
 * <tr><td>{@value #PORT}</td><td>1 to 65535</td><td>6379</td></tr>
 * <tr><td>{@value #POOL_SIZE}</td><td>1 to 64 connections, used round robin</td><td>1</td></tr>
 * <tr><td>{@value #MAX_PENDING}</td><td>1 to 1000000 requests awaiting a reply per connection</td><td>10000</td></tr>
 * <tr><td>{@value #MAX_REPLY_BYTES}</td><td>1024 to 536870912 bytes per reply</td><td>67108864</td></tr>
 * <tr><td>{@value #RECONNECT_MIN_MILLIS}</td><td>1 to 60000</td><td>50</td></tr>
 * <tr><td>{@value #RECONNECT_MAX_MILLIS}</td><td>reconnectMinMillis to 300000</td><td>5000</td></tr>
 * <tr><td>{@value #CONNECT_TIMEOUT_MILLIS}</td><td>1 to 600000 ms for a connect attempt</td><td>10000</td></tr>
 * <tr><td>{@value #REQUEST_TIMEOUT_MILLIS}</td><td>0 (none) or 1 to 86400000 ms for a reply</td><td>60000</td></tr>
 * </table>
 */
public final class RedisClientOptions {
    public static final String PID = "io.polyloop.example.redis.client";
    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String POOL_SIZE = "poolSize";
    public static final String MAX_PENDING = "maxPending";
    public static final String MAX_REPLY_BYTES = "maxReplyBytes";
    public static final String RECONNECT_MIN_MILLIS = "reconnectMinMillis";
    public static final String RECONNECT_MAX_MILLIS = "reconnectMaxMillis";
    public static final String CONNECT_TIMEOUT_MILLIS = "connectTimeoutMillis";
    public static final String REQUEST_TIMEOUT_MILLIS = "requestTimeoutMillis";

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 6379;
    /**
     * One connection, as Lettuce: Redis runs commands on one thread, so more connections add no server parallelism,
     * while each one splits the pipelined batches (more reads, writes and syscalls per command: about 2.5x the client
     * CPU per GET with 2 than with 1 in interleaved A/B runs, session 3). More help only against a slow command (BLPOP,
     * a large MGET) holding up the requests queued behind it.
     */
    public static final int DEFAULT_POOL_SIZE = 1;
    public static final int DEFAULT_MAX_PENDING = 10_000;
    public static final long DEFAULT_MAX_REPLY_BYTES = RespLimits.DEFAULT_MAX_VALUE_BYTES;
    public static final long DEFAULT_RECONNECT_MIN_MILLIS = 50;
    public static final long DEFAULT_RECONNECT_MAX_MILLIS = 5000;
    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 10_000;
    public static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 60_000;

    private final InetSocketAddress address;
    private final int poolSize;
    private final int maxPending;
    private final long maxReplyBytes;
    private final Duration reconnectMin;
    private final Duration reconnectMax;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    private RedisClientOptions(InetSocketAddress address, int poolSize, int maxPending, long maxReplyBytes,
                               Duration reconnectMin, Duration reconnectMax, Duration connectTimeout,
                               Duration requestTimeout) {
        this.address = address;
        this.poolSize = poolSize;
        this.maxPending = maxPending;
        this.maxReplyBytes = maxReplyBytes;
        this.reconnectMin = reconnectMin;
        this.reconnectMax = reconnectMax;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    /**
     * @throws IllegalArgumentException naming each bad property, its value and what is accepted
     */
    public static RedisClientOptions parse(Map<String, ?> properties) {
        PropertyReader in = new PropertyReader(properties);
        var host = in.ipAddress(HOST, DEFAULT_HOST);
        int port = (int) in.integer(PORT, DEFAULT_PORT, 1, 65535);
        int pool = (int) in.integer(POOL_SIZE, DEFAULT_POOL_SIZE, 1, 64);
        int pending = (int) in.integer(MAX_PENDING, DEFAULT_MAX_PENDING, 1, 1_000_000);
        long reply = in.integer(MAX_REPLY_BYTES, DEFAULT_MAX_REPLY_BYTES, 1024, 512L * 1024 * 1024);
        long min = in.integer(RECONNECT_MIN_MILLIS, DEFAULT_RECONNECT_MIN_MILLIS, 1, 60_000);
        long max = in.integer(RECONNECT_MAX_MILLIS, Math.max(min, DEFAULT_RECONNECT_MAX_MILLIS), min, 300_000);
        long connect = in.integer(CONNECT_TIMEOUT_MILLIS, DEFAULT_CONNECT_TIMEOUT_MILLIS, 1, 600_000);
        long request = in.integer(REQUEST_TIMEOUT_MILLIS, DEFAULT_REQUEST_TIMEOUT_MILLIS, 0, 86_400_000);
        in.validate();
        return new RedisClientOptions(new InetSocketAddress(host, port), pool, pending, reply,
                Duration.ofMillis(min), Duration.ofMillis(max), Duration.ofMillis(connect), Duration.ofMillis(request));
    }

    /** @return the defaults, aimed at {@code address} */
    public static RedisClientOptions of(InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        return parse(Map.of(HOST, address.getAddress().getHostAddress(), PORT, address.getPort()));
    }

    public InetSocketAddress address() {
        return address;
    }

    public int poolSize() {
        return poolSize;
    }

    public int maxPending() {
        return maxPending;
    }

    public long maxReplyBytes() {
        return maxReplyBytes;
    }

    public Duration reconnectMin() {
        return reconnectMin;
    }

    public Duration reconnectMax() {
        return reconnectMax;
    }

    /** @return how long a connect attempt may wait for the server's answer */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return how long a request may wait for its reply; {@link Duration#ZERO}: without limit */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedisClientOptions && toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return HOST + "=" + address.getAddress().getHostAddress() + ", " + PORT + "=" + address.getPort() + ", "
                + POOL_SIZE + "=" + poolSize + ", " + MAX_PENDING + "=" + maxPending + ", " + MAX_REPLY_BYTES + "="
                + maxReplyBytes + ", " + RECONNECT_MIN_MILLIS + "=" + reconnectMin.toMillis() + ", "
                + RECONNECT_MAX_MILLIS + "=" + reconnectMax.toMillis() + ", " + CONNECT_TIMEOUT_MILLIS + "="
                + connectTimeout.toMillis() + ", " + REQUEST_TIMEOUT_MILLIS + "=" + requestTimeout.toMillis();
    }
}
