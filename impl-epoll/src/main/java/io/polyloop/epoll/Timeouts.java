package io.polyloop.epoll;

import java.util.concurrent.TimeUnit;

/** Converts the SPI's nanosecond timeouts to epoll_wait's milliseconds. Stateless. */
final class Timeouts {
    private static final long NANOS_PER_MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    private Timeouts() {
    }

    /**
     * @param timeoutNanos negative: forever (-1); 0: do not block; else the remaining time to {@code deadline},
     *                     rounded up so that a wait never ends before its deadline (and 1 ns does not busy-spin)
     */
    static int toMillis(long timeoutNanos, long deadline) {
        if (timeoutNanos < 0) {
            return -1;
        }
        if (timeoutNanos == 0) {
            return 0;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return 0;
        }
        long ms = (left + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI;
        return (int) Math.min(ms, Integer.MAX_VALUE);
    }
}
