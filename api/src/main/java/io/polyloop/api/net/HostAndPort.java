package io.polyloop.api.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A host (name or IP literal) and a port, parsed from and formatted as {@code host:port}, {@code 1.2.3.4:port} or
 * {@code [ipv6]:port}. Parsing does not resolve: {@code IoRuntime.resolve} does, off the loop. Immutable.
 */
public final class HostAndPort {
    private final String host;
    private final int port;

    private HostAndPort(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * @throws IllegalArgumentException if the host is empty or malformed or the port is outside 0..65535
     */
    public static HostAndPort of(String host, int port) {
        Objects.requireNonNull(host, "host");
        checkPort(port, host + ":" + port);
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        checkHost(h, host);
        return new HostAndPort(h, port);
    }

    /**
     * Parses {@code host:port} or {@code [ipv6]:port}; the port is required.
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static HostAndPort parse(String text) {
        return parse(text, -1);
    }

    /**
     * Parses {@code host:port}, {@code [ipv6]:port}, or, with {@code defaultPort >= 0}, a host alone ({@code host},
     * {@code [ipv6]}).
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static HostAndPort parse(String text, int defaultPort) {
        Objects.requireNonNull(text, "text");
        String s = text.trim();
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw bad(text, "'[' without ']'");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw bad(text, "after ']' only ':port' may follow");
                }
                port = rest.substring(1);
            }
            if (!host.contains(":")) {
                throw bad(text, "brackets are for IPv6 literals only");
            }
        } else {
            int colon = s.indexOf(':');
            if (colon >= 0 && s.indexOf(':', colon + 1) >= 0) {
                throw bad(text, "an IPv6 literal needs brackets: [" + s + "] or [addr]:port");
            }
            host = colon < 0 ? s : s.substring(0, colon);
            port = colon < 0 ? null : s.substring(colon + 1);
        }
        int p;
        if (port == null) {
            if (defaultPort < 0) {
                throw bad(text, "no port");
            }
            p = defaultPort;
        } else {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw bad(text, "port '" + port + "' is not a number");
            }
        }
        checkPort(p, text);
        checkHost(host, text);
        return new HostAndPort(host, p);
    }

    private static void checkPort(int port, String text) {
        if (port < 0 || port > 65535) {
            throw bad(text, "port " + port + " is out of range 0..65535");
        }
    }

    private static void checkHost(String host, String text) {
        if (host.isEmpty()) {
            throw bad(text, "empty host");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == ':' || c == '%')) {
                throw bad(text, "host '" + host + "' has the character '" + c + "'");
            }
        }
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("address '" + text + "' is invalid: " + why
                + "; accepted: host:port, a.b.c.d:port or [ipv6]:port");
    }

    /** Formats an address as {@code host:port}, with brackets around an IPv6 literal; never resolves. */
    public static String format(InetSocketAddress address) {
        InetAddress a = address.getAddress();
        String host = a == null ? address.getHostString() : a.getHostAddress();
        return bracketed(host, a instanceof Inet6Address || host.contains(":")) + ":" + address.getPort();
    }

    private static String bracketed(String host, boolean ipv6) {
        return ipv6 ? "[" + host + "]" : host;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** @return an unresolved socket address (resolving blocks: use {@code IoRuntime.resolve}) */
    public InetSocketAddress toUnresolved() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostAndPort && ((HostAndPort) o).host.equals(host) && ((HostAndPort) o).port == port;
    }

    @Override
    public int hashCode() {
        return host.hashCode() * 31 + port;
    }

    /** @return {@code host:port}, or {@code [host]:port} for an IPv6 literal */
    @Override
    public String toString() {
        return bracketed(host, host.contains(":")) + ":" + port;
    }
}
