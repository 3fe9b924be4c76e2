package io.polyloop.scheduler.runtime;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.scheduler.di.Runtimes;
import io.polyloop.scheduler.testkit.NoDriverProvider;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Base of tests on a runtime without I/O (timers, pools, metrics): one runtime per test, closed after it. */
abstract class RuntimeTestSupport {
    private PolyloopRuntime runtime;

    PolyloopRuntime start(Map<String, Object> properties) {
        runtime = Runtimes.create(RuntimeSettings.parse(properties),
                new BackendRegistry(List.of(new NoDriverProvider())), Ownership.CALLER);
        return runtime;
    }

    /** Closes the runtime now (the test goes on with it closed). */
    void closeRuntime() {
        PolyloopRuntime rt = runtime;
        runtime = null;
        assertTrue(rt.close(Duration.ofSeconds(10)), "runtime did not terminate");
    }

    @AfterEach
    void closeAfterTest() {
        if (runtime != null) {
            closeRuntime();
        }
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
