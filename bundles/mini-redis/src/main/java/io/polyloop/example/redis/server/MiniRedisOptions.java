package io.polyloop.example.redis.server;

import io.polyloop.example.redis.settings.PropertyReader;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The validated settings of the mini-redis server, the same from Config Admin (PID {@value #PID}) and from plain
 * Java. Immutable.
 *
 * <table>
 * <tr><th>property</th><th>accepted</th><th>default</th></tr>
 * <tr><td>{@value #BIND_ADDRESS}</td><td>an IP literal</td><td>127.0.0.1 (this machine only)</td></tr>
 * <tr><td>{@value #PORT}</td><td>0 (any free port) to 65535</td><td>6380 (next to a real Redis's 6379)</td></tr>
 * <tr><td>{@value #MAX_KEYS}</td><td>1 to 100000000</td><td>1000000</td></tr>
 * <tr><td>{@value #MAX_COMMAND_BYTES}</td><td>1024 to 536870912 bytes per command</td><td>67108864</td></tr>
 * </table>
 */
public final class MiniRedisOptions {
    public static final String PID = "io.polyloop.example.redis.server";
    public static final String BIND_ADDRESS = "bindAddress";
    public static final String PORT = "port";
    public static final String MAX_KEYS = "maxKeys";
    public static final String MAX_COMMAND_BYTES = "maxCommandBytes";

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 6380;
    public static final long DEFAULT_MAX_KEYS = 1_000_000;
    public static final long DEFAULT_MAX_COMMAND_BYTES = 64L * 1024 * 1024;

    private final InetSocketAddress address;
    private final long maxKeys;
    private final long maxCommandBytes;

    private MiniRedisOptions(InetSocketAddress address, long maxKeys, long maxCommandBytes) {
        this.address = address;
        this.maxKeys = maxKeys;
        this.maxCommandBytes = maxCommandBytes;
    }

    /** @throws IllegalArgumentException naming each bad property, its value and what is accepted */
    public static MiniRedisOptions parse(Map<String, ?> properties) {
        PropertyReader in = new PropertyReader(properties);
        var ip = in.ipAddress(BIND_ADDRESS, DEFAULT_BIND_ADDRESS);
        int port = (int) in.integer(PORT, DEFAULT_PORT, 0, 65535);
        long maxKeys = in.integer(MAX_KEYS, DEFAULT_MAX_KEYS, 1, 100_000_000);
        long maxCommand = in.integer(MAX_COMMAND_BYTES, DEFAULT_MAX_COMMAND_BYTES, 1024, 512L * 1024 * 1024);
        in.validate();
        return new MiniRedisOptions(new InetSocketAddress(ip, port), maxKeys, maxCommand);
    }

    public InetSocketAddress address() {
        return address;
    }

    public long maxKeys() {
        return maxKeys;
    }

    public long maxCommandBytes() {
        return maxCommandBytes;
    }

    /** @return true if bound to a loopback address (reachable from this machine only) */
    public boolean isLocalOnly() {
        return address.getAddress().isLoopbackAddress();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MiniRedisOptions && toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return BIND_ADDRESS + "=" + address.getAddress().getHostAddress() + ", " + PORT + "=" + address.getPort()
                + ", " + MAX_KEYS + "=" + maxKeys + ", " + MAX_COMMAND_BYTES + "=" + maxCommandBytes;
    }
}
