package io.polyloop.scheduler.osgi;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Task;
import io.polyloop.api.buffer.BufferPool;
import io.polyloop.api.buffer.PooledBuffer;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.iouring.IoUringBackendProvider;
import io.polyloop.scheduler.buffer.SharedBufferPool;
import io.polyloop.scheduler.testkit.LogCapture;
import io.polyloop.spi.IoBackendProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pooled-buffer settings ({@code starvedReadMillis}, {@code leakSampling}, {@code trackLeaks}) change on a running
 * runtime through the Config Admin component ({@code modified}, as SCR calls it), on real loopback connections: a read
 * already starved for memory fails after the new limit, not the one it started under, and its bytes stay for the next
 * read; loans taken after a change of leak tracking follow it; a bad value is rejected naming it and changes nothing.
 */
@Timeout(60)
class LiveBufferSettingsTest {
    /** Far beyond the test's timeout: a starved read that fails at all shows the shortened limit was taken. */
    private static final String LONG_WAIT = "600000";

    private final FakeBundleContext bundle = new FakeBundleContext();
    private RuntimeComponent component;

    @BeforeEach
    void linuxOnly() {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the Linux backends run here");
    }

    @AfterEach
    void deactivate() {
        if (component != null) {
            component.deactivate();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"epoll", "io_uring"})
    void aStarvedReadFailsAfterTheLimitSetWhileItWaitsAndItsBytesStay(String backend) throws Exception {
        IoBackendProvider provider = backend.equals("epoll") ? new EpollBackendProvider()
                : new IoUringBackendProvider();
        Assumptions.assumeTrue(provider.probe().isAvailable(), () -> backend + ": " + provider.probe());
        Map<String, Object> config = new HashMap<>(Map.of(RuntimeSettings.BACKEND, backend,
                RuntimeSettings.STARVED_READ_MILLIS, LONG_WAIT));
        component = activate(config);
        IoRuntime rt = (IoRuntime) bundle.service.get();
        assertEquals(600_000, rt.info().settings().starvedReadMillis());

        TcpListener listener = await(rt.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        Task<TcpStream> accepted = listener.accept();
        TcpStream client = await(rt.connect(listener.localAddress()));
        TcpStream server = await(accepted);
        try {
            long start = System.nanoTime();
            Task<PooledBuffer> starved = server.read(new NoMemory(), 4096);
            await(client.write(ByteBuffer.wrap(new byte[] {7, 8, 9})));
            Thread.sleep(300);
            assertFalse(starved.isDone(), "a read with no memory for its loan waits: " + starved);

            config.put(RuntimeSettings.STARVED_READ_MILLIS, "500");
            component.modified(config);
            assertNull(rt.info().lastRejection());
            assertEquals(500, rt.info().settings().starvedReadMillis());
            // within 8 s: less than the 10 s default, so a loop that ignored the setting altogether fails here too
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> starved.toCompletableFuture().get(8, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("no direct memory"), e.getCause().getMessage());
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 500, "failed after " + waited + " ms, before the 500 ms limit");

            try (PooledBuffer loan = await(server.read(rt.buffers(), 4096))) { // the bytes were kept
                ByteBuffer got = loan.buffer();
                assertEquals(ByteBuffer.wrap(new byte[] {7, 8, 9}), got, "the bytes sent before the starvation");
            }
        } finally {
            client.close();
            server.close();
            listener.close();
        }
    }

    @Test
    void leakTrackingFollowsTheConfigurationAndABadValueChangesNothing() throws Exception {
        Map<String, Object> config = new HashMap<>(Map.of(RuntimeSettings.BACKEND, "epoll",
                RuntimeSettings.LEAK_SAMPLING, "1048576"));
        component = activate(config);
        IoRuntime rt = (IoRuntime) bundle.service.get();
        SharedBufferPool pool = (SharedBufferPool) rt.buffers();
        assertEquals(1 << 20, pool.leakSampling());

        config.put(RuntimeSettings.LEAK_SAMPLING, 1);
        component.modified(config);
        assertEquals(1, pool.leakSampling());
        pool.acquire(100).buffer().put((byte) 1); // dropped without close: tracked now (1 in 2^20 before)
        awaitLeaks(pool, 1);

        try (LogCapture log = new LogCapture()) {
            config.put(RuntimeSettings.LEAK_SAMPLING, "0");
            component.modified(config);
            assertTrue(log.text().contains("leakSampling=0 is out of range; accepted: 1 (every loan) to 1048576"),
                    log.text());
        }
        assertTrue(rt.info().lastRejection().contains("leakSampling=0"), rt.info().lastRejection());
        assertEquals(1, rt.info().settings().leakSampling());
        assertEquals(1, pool.leakSampling(), "a rejected change leaves the pool as it was");

        config.put(RuntimeSettings.LEAK_SAMPLING, "64");
        config.put(RuntimeSettings.TRACK_LEAKS, "true");
        try (LogCapture log = new LogCapture()) {
            component.modified(config);
            assertNull(rt.info().lastRejection());
            assertEquals(1, pool.leakSampling(), "trackLeaks tracks every loan whatever leakSampling says");
            pool.acquire(100).buffer().put((byte) 2);
            awaitLeaks(pool, 2);
            assertTrue(log.text().contains("acquired here"), "trackLeaks logs where the loan was taken: "
                    + log.text());
        }

        config.remove(RuntimeSettings.TRACK_LEAKS);
        component.modified(config);
        assertEquals(64, pool.leakSampling());
    }

    /** Collects garbage until the pool's cleaner counted {@code n} leaks (10 s at most). */
    private static void awaitLeaks(SharedBufferPool pool, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.leaks() < n && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(n, pool.leaks(), "leaks counted");
    }

    private RuntimeComponent activate(Map<String, Object> properties) {
        RuntimeComponent c = new RuntimeComponent();
        c.addProvider(new EpollBackendProvider());
        c.addProvider(new IoUringBackendProvider());
        c.activate(bundle.context(), properties);
        return c;
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** A pool out of memory, as the runtime's is at the direct-memory limit: every acquire throws. */
    private static final class NoMemory implements BufferPool {
        @Override
        public PooledBuffer acquire(int capacity) {
            throw new OutOfMemoryError("Cannot reserve " + capacity + " bytes of direct buffer memory (test)");
        }

        @Override
        public int outstanding() {
            return 0;
        }

        @Override
        public long retainedBytes() {
            return 0;
        }

        @Override
        public long maxRetainedBytes() {
            return 0;
        }

        @Override
        public long leaks() {
            return 0;
        }
    }
}
