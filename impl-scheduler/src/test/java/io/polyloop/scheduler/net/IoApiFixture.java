package io.polyloop.scheduler.net;

import io.polyloop.api.IoRuntime;
import io.polyloop.spi.IoBackendProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every I/O API conformance suite shares: a runtime on the backend and strategy of the subclass, built through
 * the plain-Java entry point, closed after each test. The backend is wrapped to count the cancels that reach it.
 */
@Timeout(60)
abstract class IoApiFixture {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    IoRuntime rt;
    CancelCountingProvider provider;

    /** @return a new instance of the backend under test */
    protected abstract IoBackendProvider newProvider();

    /** @return the settings that select the strategy under test (the backend is added) */
    protected Map<String, Object> strategySettings() {
        return Map.of();
    }

    /** @return true if the strategy under test opens one listening socket per loop (SO_REUSEPORT) */
    boolean spreadsAccepts() {
        Object s = strategySettings().get(io.polyloop.api.RuntimeSettings.STRATEGY);
        return io.polyloop.api.Strategy.THREAD_PER_CORE.configName().equals(s)
                || io.polyloop.api.Strategy.WORK_STEALING.configName().equals(s);
    }

    @BeforeEach
    void startRuntime() {
        provider = new CancelCountingProvider(newProvider());
        // every loan tracked (the runtime samples 1 in 128), so that leaks() == 0 below means it
        rt = IoRuntime.builder().provider(provider).properties(strategySettings()).backend(provider.name())
                .set(io.polyloop.api.RuntimeSettings.LEAK_SAMPLING, 1).build();
    }

    /**
     * Leak checks: the runtime's buffer pool, and, on the single loop of the single-threaded strategy (where a task
     * is sure to run on the loop that holds the handles), its staging buffers once every handle has closed.
     */
    @AfterEach
    void stopRuntime() throws Exception {
        try {
            assertEquals(0, rt.buffers().leaks(), "pooled buffers leaked");
            if (strategySettings().isEmpty()) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                int inUse;
                do {
                    Thread.sleep(5);
                    inUse = await(rt.submit(IoApiFixture::stagingInUseWhenIdle));
                } while (inUse != 0 && System.nanoTime() < deadline);
                assertEquals(0, inUse, "staging buffers still held after every handle closed");
            }
        } finally {
            assertTrue(rt.close(Duration.ofSeconds(10)), "runtime did not terminate");
        }
    }

    /** On a loop: its staging buffers in use, or -1 while it still has open handles (not yet comparable). */
    private static int stagingInUseWhenIdle() {
        var loop = ((io.polyloop.scheduler.loop.LoopThread) Thread.currentThread()).loop();
        return loop.info().handles() > 0 ? -1 : loop.buffers().outstanding();
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    static InetSocketAddress anyLoopbackPort() {
        return new InetSocketAddress(LOOPBACK, 0);
    }
}
