package io.polyloop.example.redis.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads properties as Config Admin hands them over (strings from a .cfg file, or numbers) and collects every problem,
 * each naming the property, the value and what is accepted; {@link #validate()} throws them all at once. Not thread
 * safe.
 */
public final class PropertyReader {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?");

    private final Map<String, ?> properties;
    private final List<String> problems = new ArrayList<>();

    public PropertyReader(Map<String, ?> properties) {
        this.properties = Objects.requireNonNull(properties, "properties");
    }

    /** @return the integer property {@code name} in [min, max], or {@code fallback} if absent (or invalid) */
    public long integer(String name, long fallback, long min, long max) {
        Object raw = properties.get(name);
        if (raw == null) {
            return fallback;
        }
        long value;
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
            value = ((Number) raw).longValue();
        } else {
            try {
                value = Long.parseLong(raw.toString().trim());
            } catch (NumberFormatException e) {
                problems.add(name + "='" + raw + "' is not an integer; accepted: " + min + " to " + max);
                return fallback;
            }
        }
        if (value < min || value > max) {
            problems.add(name + "=" + value + " is out of range; accepted: " + min + " to " + max);
            return fallback;
        }
        return value;
    }

    /** @return the IP literal property {@code name}, or {@code fallback} if absent (or invalid); never asks DNS */
    public InetAddress ipAddress(String name, String fallback) {
        Object raw = properties.get(name);
        String text = raw == null ? fallback : raw.toString().trim();
        InetAddress ip = ipLiteral(text);
        if (ip == null) {
            problems.add(name + "='" + raw + "' is not an IP address; accepted: an IPv4 or IPv6 literal such as"
                    + " 127.0.0.1 or ::1 (a host name would need a blocking DNS lookup)");
            return ipLiteral(fallback);
        }
        return ip;
    }

    /** @throws IllegalArgumentException listing every problem found so far, if any */
    public void validate() {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** @return the address, or {@code null} if {@code text} is not an IPv4 or IPv6 literal */
    public static InetAddress ipLiteral(String text) {
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
            // In brackets the JDK parses an IPv6 literal or fails: it never falls back to a lookup.
            return IPV6.matcher(v6).matches() ? InetAddress.getByName("[" + v6 + "]") : null;
        } catch (UnknownHostException | NumberFormatException e) {
            return null;
        }
    }
}
