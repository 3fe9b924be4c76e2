package io.polyloop.api.net;

import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Objects;
import java.util.Set;

/**
 * Which socket options polyloop accepts on which socket, and their valid values. Checked in the caller's thread, so a
 * bad option or value fails at once with a message naming it and what is accepted. Stateless.
 */
public final class SocketOptionRules {
    /** Options a {@link TcpStream} accepts. */
    public static final Set<SocketOption<?>> TCP_STREAM = Set.of(StandardSocketOptions.TCP_NODELAY,
            StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_LINGER);
    /** Options a {@link TcpListener} accepts once bound. */
    public static final Set<SocketOption<?>> TCP_LISTENER = Set.of(StandardSocketOptions.SO_REUSEADDR,
            StandardSocketOptions.SO_RCVBUF);
    /** Options {@link TcpOptions} accepts: those of streams and listeners, plus SO_REUSEPORT (set before bind). */
    public static final Set<SocketOption<?>> TCP_OPTIONS = Set.of(StandardSocketOptions.TCP_NODELAY,
            StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_LINGER, StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT);
    /** Options a {@link UdpSocket} accepts. */
    public static final Set<SocketOption<?>> UDP = Set.of(StandardSocketOptions.SO_SNDBUF,
            StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_BROADCAST, StandardSocketOptions.SO_REUSEADDR,
            StandardSocketOptions.IP_MULTICAST_TTL, StandardSocketOptions.IP_MULTICAST_LOOP);

    /** The largest buffer size accepted (the kernel caps it lower, at net.core.[rw]mem_max). */
    public static final int MAX_BUFFER_SIZE = 1 << 30;
    /** The largest SO_LINGER accepted, in seconds. */
    public static final int MAX_LINGER_SECONDS = 65535;

    private SocketOptionRules() {
    }

    /**
     * @param allowed one of the sets above
     * @param where   what the option is for, for the message ({@code "a TcpStream"})
     * @return {@code value}
     * @throws IllegalArgumentException if {@code option} is not in {@code allowed} or the value is out of range
     */
    public static <T> T check(Set<SocketOption<?>> allowed, String where, SocketOption<T> option, T value) {
        checkName(allowed, where, option);
        Objects.requireNonNull(value, () -> option.name() + " value");
        if (option == StandardSocketOptions.SO_SNDBUF || option == StandardSocketOptions.SO_RCVBUF) {
            int v = (Integer) value;
            if (v < 1 || v > MAX_BUFFER_SIZE) {
                throw new IllegalArgumentException(option.name() + "=" + v + " is out of range; accepted: 1 to "
                        + MAX_BUFFER_SIZE + " bytes");
            }
        } else if (option == StandardSocketOptions.SO_LINGER) {
            int v = (Integer) value;
            if (v < -1 || v > MAX_LINGER_SECONDS) {
                throw new IllegalArgumentException("SO_LINGER=" + v + " is out of range; accepted: -1 (off, the "
                        + "default) or 0 to " + MAX_LINGER_SECONDS + " seconds (0 = reset on close)");
            }
        } else if (option == StandardSocketOptions.IP_MULTICAST_TTL) {
            int v = (Integer) value;
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("IP_MULTICAST_TTL=" + v + " is out of range; accepted: 0 to 255");
            }
        }
        return value;
    }

    /** @throws IllegalArgumentException if {@code option} is not in {@code allowed} */
    public static void checkName(Set<SocketOption<?>> allowed, String where, SocketOption<?> option) {
        Objects.requireNonNull(option, "option");
        if (!allowed.contains(option)) {
            throw new IllegalArgumentException("socket option " + option.name() + " is not supported on " + where
                    + "; accepted: " + names(allowed));
        }
    }

    private static String names(Set<SocketOption<?>> options) {
        return options.stream().map(SocketOption::name).sorted().reduce((a, b) -> a + ", " + b).orElse("none");
    }
}
