package io.polyloop.spi;

import java.util.Map;

/**
 * What a loop tells a backend when it opens a driver. Immutable.
 *
 * @param loopName       the owning loop's name, for thread names and log lines
 * @param ringSize       completions harvested per {@link IoDriver#poll} call (epoll events, io_uring SQ entries,
 *                       IOCP entries); a power of two
 * @param blockingThreads upper bound on threads a backend may use for operations its OS cannot do asynchronously
 *                       (regular files under readiness backends); shared by all drivers of a provider
 * @param backendProperties backend-specific tuning from the runtime settings (e.g. {@code ioUringDeferTaskrun}),
 *                       by property name; a backend reads those it knows and ignores the others
 */
public record DriverOptions(String loopName, int ringSize, int blockingThreads, Map<String, Object> backendProperties) {

    public static final int MIN_RING_SIZE = 16;
    public static final int MAX_RING_SIZE = 32768;

    public DriverOptions {
        if (loopName == null || loopName.isBlank()) {
            throw new IllegalArgumentException("loopName must be non-empty");
        }
        if (ringSize < MIN_RING_SIZE || ringSize > MAX_RING_SIZE || Integer.bitCount(ringSize) != 1) {
            throw new IllegalArgumentException("ringSize " + ringSize + " is not a power of two in ["
                    + MIN_RING_SIZE + ", " + MAX_RING_SIZE + "]");
        }
        if (blockingThreads < 1) {
            throw new IllegalArgumentException("blockingThreads " + blockingThreads + " must be >= 1");
        }
        backendProperties = Map.copyOf(backendProperties);
    }

    /** Options without backend properties: every backend uses its defaults. */
    public DriverOptions(String loopName, int ringSize, int blockingThreads) {
        this(loopName, ringSize, blockingThreads, Map.of());
    }

    /**
     * @return the boolean backend property {@code name}, or {@code defaultValue} when absent
     * @throws IllegalArgumentException if it is present but not a boolean ({@code true}/{@code false})
     */
    public boolean booleanProperty(String name, boolean defaultValue) {
        Object v = backendProperties.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        if ("true".equals(v) || "false".equals(v)) {
            return Boolean.parseBoolean((String) v);
        }
        throw new IllegalArgumentException("backend property " + name + "=" + v + " is not a boolean; accepted: true"
                + " or false");
    }
}
