package io.polyloop.scheduler.timer;

/**
 * Deadlines of a fixed-rate schedule: tick {@code n} is due at {@code start + n * period}, computed from the start
 * each time so that rounding and late firings never accumulate into drift. A late firing skips the ticks it
 * missed instead of firing them in a burst.
 */
public final class FixedRate {
    private FixedRate() {
    }

    /**
     * @param start  the schedule's origin (a {@link NanoClock} value)
     * @param period positive
     * @param last   the number of the tick that just fired (0 before the first)
     * @param now    the current time
     * @return the number of the next tick to fire: {@code last + 1}, or the first tick still in the future when
     *         {@code now} is already past {@code last + 1}'s deadline
     */
    public static long nextTick(long start, long period, long last, long now) {
        if (period <= 0) {
            throw new IllegalArgumentException("period " + period + " ns must be positive");
        }
        long next = last + 1;
        long elapsed = now - start;
        if (elapsed >= next * period) {
            next = elapsed / period + 1; // ticks next..elapsed/period are already past: skip them
        }
        return next;
    }

    /** @return the deadline of tick {@code n}, saturating instead of overflowing */
    public static long deadline(long start, long period, long n) {
        long offset = n > Long.MAX_VALUE / period ? Long.MAX_VALUE / 2 : n * period;
        return start + offset;
    }
}
