package io.polyloop.scheduler.timer;

/**
 * Where a loop's timers read "now": {@link System#nanoTime()} in production, a hand-driven clock in tests so that
 * timer tests are deterministic and take no wall-clock time. Values are compared by difference (wrap-safe).
 */
@FunctionalInterface
public interface NanoClock {

    NanoClock SYSTEM = System::nanoTime;

    /** @return a monotonic time in nanoseconds with an arbitrary origin */
    long nanoTime();
}
