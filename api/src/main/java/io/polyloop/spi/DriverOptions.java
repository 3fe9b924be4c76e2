package io.polyloop.spi;

/**
 * What a loop tells a backend when it opens a driver. Immutable.
 *
 * @param loopName       the owning loop's name, for thread names and log lines
 * @param ringSize       completions harvested per {@link IoDriver#poll} call (epoll events, io_uring SQ entries,
 *                       IOCP entries); a power of two
 * @param blockingThreads upper bound on threads a backend may use for operations its OS cannot do asynchronously
 *                       (regular files under readiness backends); shared by all drivers of a provider
 */
public record DriverOptions(String loopName, int ringSize, int blockingThreads) {

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
    }
}
