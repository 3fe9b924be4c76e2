package io.polyloop.scheduler.net;

/**
 * When a connection last read or wrote a byte, for its idle timeout; shared by its two sides. It reads the clock only
 * while an idle timeout is set: a stream without one pays no clock read per completion. Not thread safe: loop only.
 */
final class Activity {
    private boolean tracking;
    private long last;

    /** Records activity from now on (counted from now: a quiet time before is not), or stops recording. */
    void track(boolean on) {
        if (on && !tracking) {
            last = System.nanoTime();
        }
        tracking = on;
    }

    /** A byte was read or written. */
    void record() {
        if (tracking) {
            last = System.nanoTime();
        }
    }

    /** @return {@link System#nanoTime()} of the last activity recorded (or of the start of tracking) */
    long last() {
        return last;
    }
}
