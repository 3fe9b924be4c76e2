package io.polyloop.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A point in time a fixed duration after its creation, on the monotonic clock ({@link System#nanoTime()}): not
 * moved by changes of the wall clock. A value: no timer is armed, nothing needs cancelling. Thread safe.
 *
 * <pre>{@code
 * Deadline d = runtime.deadline(Duration.ofSeconds(5));
 * while (!d.expired()) { ... runtime.timeout(d.remaining(), next()) ... }
 * }</pre>
 */
public final class Deadline {
    /** Longest limit honoured (146 years); a longer one is clamped so that the arithmetic cannot overflow. */
    private static final long MAX_NANOS = Long.MAX_VALUE / 2;

    private final long deadlineNanos;
    private final Duration limit;

    private Deadline(long deadlineNanos, Duration limit) {
        this.deadlineNanos = deadlineNanos;
        this.limit = limit;
    }

    /**
     * @param limit zero or positive
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public static Deadline after(Duration limit) {
        Objects.requireNonNull(limit, "limit");
        if (limit.isNegative()) {
            throw new IllegalArgumentException("deadline limit " + limit + " is negative; accepted: zero or more");
        }
        long nanos = limit.compareTo(Duration.ofNanos(MAX_NANOS)) > 0 ? MAX_NANOS : limit.toNanos();
        return new Deadline(System.nanoTime() + nanos, limit);
    }

    /** @return true once the deadline has passed */
    public boolean expired() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    /** @return the time left, {@link Duration#ZERO} once expired */
    public Duration remaining() {
        return Duration.ofNanos(remainingNanos());
    }

    /** @return the nanoseconds left, 0 once expired */
    public long remainingNanos() {
        return Math.max(0, deadlineNanos - System.nanoTime());
    }

    /** @return the duration this deadline was created with */
    public Duration limit() {
        return limit;
    }

    @Override
    public String toString() {
        return "Deadline[limit=" + limit + ", remaining=" + remaining() + "]";
    }
}
