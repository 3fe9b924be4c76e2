package io.polyloop.scheduler.timer;

/** A clock that moves only when told: timer tests run in no wall-clock time and always the same way. */
final class ManualClock implements NanoClock {
    private long now;

    ManualClock(long start) {
        this.now = start;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    long advance(long nanos) {
        now += nanos;
        return now;
    }

    void set(long nanos) {
        now = nanos;
    }
}
