package io.polyloop.example.echo;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The validated settings of the echo server (PID {@value #PID}): {@code bindAddress} (an IP literal, default
 * {@value #DEFAULT_BIND_ADDRESS}) and {@code port} (0 to 65535, default {@value #DEFAULT_PORT}).
 */
public final class EchoSettings {
    public static final String PID = "io.polyloop.example.echo";
    public static final String BIND_ADDRESS = "bindAddress";
    public static final String PORT = "port";
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 7007;

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?");

    private final InetSocketAddress address;

    private EchoSettings(InetSocketAddress address) {
        this.address = address;
    }

    public static EchoSettings defaults() {
        return parse(Map.of());
    }

    /**
     * Validates properties as Config Admin (strings from a .cfg file, or numbers) or a caller hands them over.
     *
     * @throws IllegalArgumentException naming each bad property, its value and what is accepted
     */
    public static EchoSettings parse(Map<String, ?> properties) {
        Objects.requireNonNull(properties, "properties");
        List<String> problems = new ArrayList<>();

        Object rawAddress = properties.get(BIND_ADDRESS);
        String text = rawAddress == null ? DEFAULT_BIND_ADDRESS : rawAddress.toString().trim();
        InetAddress ip = ipLiteral(text);
        if (ip == null) {
            problems.add(BIND_ADDRESS + "='" + rawAddress + "' is not an IP address; accepted: an IPv4 or IPv6"
                    + " literal such as 127.0.0.1 (local only, the default), ::1 or 0.0.0.0 (every interface)");
        }

        int port = DEFAULT_PORT;
        Object rawPort = properties.get(PORT);
        if (rawPort != null) {
            long value = -1;
            boolean integer = true;
            if (rawPort instanceof Integer || rawPort instanceof Long || rawPort instanceof Short) {
                value = ((Number) rawPort).longValue();
            } else {
                try {
                    value = Long.parseLong(rawPort.toString().trim());
                } catch (NumberFormatException e) {
                    integer = false;
                }
            }
            if (!integer) {
                problems.add(PORT + "='" + rawPort + "' is not an integer; accepted: 1 to 65535, or 0 for any free"
                        + " port");
            } else if (value < 0 || value > 65535) {
                problems.add(PORT + "=" + value + " is out of range; accepted: 1 to 65535, or 0 for any free port");
            } else {
                port = (int) value;
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new EchoSettings(new InetSocketAddress(ip, port));
    }

    /**
     * Parses an IP literal without ever asking DNS (a host name would need a blocking lookup and could bind somewhere
     * unexpected).
     *
     * @return the address, or {@code null} if {@code text} is not an IPv4 or IPv6 literal
     */
    static InetAddress ipLiteral(String text) {
        try {
            Matcher v4 = IPV4.matcher(text);
            if (v4.matches()) {
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(v4.group(i + 1));
                    if (octet > 255) {
                        return null;
                    }
                    bytes[i] = (byte) octet;
                }
                return InetAddress.getByAddress(bytes);
            }
            String v6 = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
            if (IPV6.matcher(v6).matches()) {
                // In brackets the JDK parses it as an IPv6 literal or fails: it never falls back to a lookup.
                return InetAddress.getByName("[" + v6 + "]");
            }
            return null;
        } catch (UnknownHostException | NumberFormatException e) {
            return null;
        }
    }

    /** @return the address to bind (resolved: an IP literal) */
    public InetSocketAddress address() {
        return address;
    }

    /** @return true if the bind address is a loopback address (the server is reachable from this machine only) */
    public boolean isLocalOnly() {
        return address.getAddress().isLoopbackAddress();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EchoSettings && address.equals(((EchoSettings) o).address);
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }

    @Override
    public String toString() {
        return BIND_ADDRESS + "=" + address.getAddress().getHostAddress() + ", " + PORT + "=" + address.getPort();
    }
}
