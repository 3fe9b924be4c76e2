package io.polyloop.bench.sched;

import io.polyloop.bench.report.Spread;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a cache line takes to go from one running thread to another and back, here and now: two threads bounce a
 * counter. Every cross-thread benchmark (post, spawn) pays this per hand-off, and on a virtual machine it depends on
 * where the host runs the two virtual CPUs at the moment (the same physical core, the same L3, or not), which no
 * process inside can choose: printed beside the scheduler figures so a reader can tell a slow run from a slow
 * executor. Bounded in count and time.
 */
final class CoreToCore {
    private static final int ROUND_TRIPS = 200_000;

    private CoreToCore() {
    }

    /** @return the mean round trip in ns of each of {@code rounds} rounds of at most {@code millis} ms each */
    static Spread roundTripNanos(int rounds, long millis) throws InterruptedException {
        double[] ns = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ns[r] = once(millis);
        }
        return Spread.of(ns);
    }

    private static double once(long millis) throws InterruptedException {
        AtomicLong ball = new AtomicLong();
        long stop = -1; // the value that tells the responder to quit
        Thread responder = new Thread(() -> {
            for (long i = 1; ; i += 2) {
                long v;
                while ((v = ball.get()) != i) {
                    if (v == stop) {
                        return;
                    }
                    Thread.onSpinWait();
                }
                ball.lazySet(i + 1);
            }
        }, "core-to-core");
        responder.setDaemon(true);
        responder.start();
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long t0 = System.nanoTime();
        long done = 0;
        rounds:
        for (long i = 0; done < ROUND_TRIPS; i += 2, done++) {
            for (int spins = 1; ball.get() != i; spins++) {
                if ((spins & 4095) == 0 && System.nanoTime() > deadline + 1_000_000_000L) {
                    break rounds; // the responder did not get a CPU for a second: give up
                }
                Thread.onSpinWait();
            }
            if ((done & 1023) == 0 && System.nanoTime() > deadline) {
                break;
            }
            ball.lazySet(i + 1);
        }
        long ns = System.nanoTime() - t0;
        ball.set(stop);
        responder.join(1000);
        return done == 0 ? Double.NaN : ns / (double) done;
    }
}
