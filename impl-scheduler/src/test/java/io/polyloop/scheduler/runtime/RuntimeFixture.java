package io.polyloop.scheduler.runtime;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.scheduler.di.Runtimes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A runtime without I/O for tests of timers, pools and metrics; closed by {@link #close}. */
final class RuntimeFixture implements AutoCloseable {
    final PolyloopRuntime runtime;

    RuntimeFixture(Map<String, Object> properties) {
        runtime = Runtimes.create(RuntimeSettings.parse(properties), new BackendRegistry(List.of(new NoDriverProvider())),
                Ownership.CALLER);
    }

    @Override
    public void close() {
        assertTrue(runtime.close(Duration.ofSeconds(10)), "runtime did not terminate");
    }

    /** Waits (bounded: 10 s) for a condition that other threads make true. */
    static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
