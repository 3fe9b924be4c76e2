package io.polyloop.api.net;

import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings for a connection or a listener, given to {@code IoRuntime.connect/listen}: socket options, write
 * watermarks and timeouts. Immutable: every {@code with…} returns a copy. A listener applies SO_REUSEPORT and
 * SO_REUSEADDR (before bind) and SO_RCVBUF to itself, and everything else to each connection it accepts.
 *
 * <p>Defaults: TCP_NODELAY on (writes go out as issued); high watermark {@value #DEFAULT_HIGH_WATERMARK} bytes, low
 * watermark {@value #DEFAULT_LOW_WATERMARK} bytes; no read or idle timeout.
 */
public final class TcpOptions {
    public static final int DEFAULT_HIGH_WATERMARK = 1024 * 1024;
    public static final int DEFAULT_LOW_WATERMARK = 256 * 1024;
    /** The largest high watermark accepted. */
    public static final int MAX_WATERMARK = 1 << 30;

    private static final TcpOptions DEFAULTS = new TcpOptions(Map.of(StandardSocketOptions.TCP_NODELAY, true),
            DEFAULT_LOW_WATERMARK, DEFAULT_HIGH_WATERMARK, Duration.ZERO, Duration.ZERO);

    private final Map<SocketOption<?>, Object> socketOptions;
    private final int lowWatermark;
    private final int highWatermark;
    private final Duration readTimeout;
    private final Duration idleTimeout;

    private TcpOptions(Map<SocketOption<?>, Object> socketOptions, int low, int high, Duration readTimeout,
                       Duration idleTimeout) {
        this.socketOptions = socketOptions;
        this.lowWatermark = low;
        this.highWatermark = high;
        this.readTimeout = readTimeout;
        this.idleTimeout = idleTimeout;
    }

    /** @return the defaults (see the class comment) */
    public static TcpOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @return a copy with {@code option} set to {@code value}
     * @throws IllegalArgumentException for an option polyloop does not take ({@link SocketOptionRules#TCP_OPTIONS})
     *                                  or a value out of range
     */
    public <T> TcpOptions with(SocketOption<T> option, T value) {
        SocketOptionRules.check(SocketOptionRules.TCP_OPTIONS, "TcpOptions", option, value);
        Map<SocketOption<?>, Object> next = new LinkedHashMap<>(socketOptions);
        next.put(option, value);
        return new TcpOptions(Collections.unmodifiableMap(next), lowWatermark, highWatermark, readTimeout,
                idleTimeout);
    }

    /**
     * @param low  once the unsent bytes drop to this many, the stream is writable again
     * @param high once the unsent bytes reach this many, the stream is not writable and writes are refused
     * @throws IllegalArgumentException unless {@code 0 <= low < high <= MAX_WATERMARK}
     */
    public TcpOptions withWriteWatermarks(int low, int high) {
        if (low < 0 || high <= low || high > MAX_WATERMARK) {
            throw new IllegalArgumentException("write watermarks low=" + low + ", high=" + high + " are invalid;"
                    + " accepted: 0 <= low < high <= " + MAX_WATERMARK + " bytes");
        }
        return new TcpOptions(socketOptions, low, high, readTimeout, idleTimeout);
    }

    /** @param timeout how long one read may wait for data before failing; {@link Duration#ZERO} for no limit */
    public TcpOptions withReadTimeout(Duration timeout) {
        return new TcpOptions(socketOptions, lowWatermark, highWatermark, checkTimeout("read timeout", timeout),
                idleTimeout);
    }

    /** @param timeout close the connection after this long without a byte read or written; ZERO for never */
    public TcpOptions withIdleTimeout(Duration timeout) {
        return new TcpOptions(socketOptions, lowWatermark, highWatermark, readTimeout,
                checkTimeout("idle timeout", timeout));
    }

    /** @throws IllegalArgumentException if negative */
    public static Duration checkTimeout(String what, Duration timeout) {
        Objects.requireNonNull(timeout, what);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(what + " " + timeout + " is negative; accepted: ZERO (none) or a"
                    + " positive duration");
        }
        return timeout;
    }

    /** @return the socket options to set, in the order given */
    public Map<SocketOption<?>, Object> socketOptions() {
        return socketOptions;
    }

    public boolean reusePort() {
        return Boolean.TRUE.equals(socketOptions.get(StandardSocketOptions.SO_REUSEPORT));
    }

    public int lowWatermark() {
        return lowWatermark;
    }

    public int highWatermark() {
        return highWatermark;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    @Override
    public String toString() {
        return "TcpOptions" + socketOptions + "[watermarks " + lowWatermark + "/" + highWatermark + ", read timeout "
                + readTimeout + ", idle timeout " + idleTimeout + "]";
    }
}
