package io.polyloop.scheduler.time;

import java.time.Duration;
import java.util.Objects;

/** Checks a user's {@link Duration} and turns it into nanoseconds, saturating instead of overflowing. */
public final class Delays {
    private Delays() {
    }

    /**
     * @param what names the argument in the error ("delay", "period", "limit")
     * @return {@code d} in nanoseconds, at most {@link Long#MAX_VALUE}
     * @throws IllegalArgumentException if {@code d} is negative
     */
    public static long nanos(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " " + d + " is negative; accepted: zero or more");
        }
        return d.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : d.toNanos();
    }

    /** As {@link #nanos}, and also refuses zero. */
    public static long positiveNanos(Duration d, String what) {
        long n = nanos(d, what);
        if (n == 0) {
            throw new IllegalArgumentException(what + " " + d + " is zero; accepted: a positive duration");
        }
        return n;
    }
}
