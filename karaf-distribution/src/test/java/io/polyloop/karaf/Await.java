package io.polyloop.karaf;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.Assert.fail;

/** Bounded polling for the Karaf tests: every wait ends, with the state at the time in the failure. */
final class Await {
    static final long DEFAULT_MS = 30_000;

    private Await() {
    }

    static void until(String what, BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
        until(what, DEFAULT_MS, condition, state);
    }

    static void until(String what, long timeoutMs, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + timeoutMs / 1000 + " s: " + what + "; state: " + state.get());
            }
            Thread.sleep(50);
        }
    }
}
