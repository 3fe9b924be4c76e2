package io.polyloop.example.redis.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays: {@code min}, doubling per failed attempt up to {@code max}, each with up to 20 % random jitter
 * taken off, so that many clients cut off together do not reconnect in lockstep. Not thread safe.
 */
final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private int attempt;

    Backoff(Duration min, Duration max) {
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** @return the delay before the next attempt; each call counts one more failed attempt */
    Duration next() {
        long base = minMillis << Math.min(attempt, 30);
        if (base <= 0 || base > maxMillis) {
            base = maxMillis;
        }
        attempt++;
        long jitter = base / 5 == 0 ? 0 : ThreadLocalRandom.current().nextLong(base / 5 + 1);
        return Duration.ofMillis(base - jitter);
    }

    /** @return the attempts counted since the last {@link #reset()} */
    int attempts() {
        return attempt;
    }

    void reset() {
        attempt = 0;
    }
}
