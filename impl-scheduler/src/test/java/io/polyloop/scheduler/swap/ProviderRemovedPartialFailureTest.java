package io.polyloop.scheduler.swap;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.iouring.IoUringBackendProvider;
import io.polyloop.scheduler.di.Runtimes;
import io.polyloop.scheduler.runtime.BackendRegistry;
import io.polyloop.scheduler.runtime.Ownership;
import io.polyloop.scheduler.runtime.PolyloopRuntime;
import io.polyloop.spi.IoBackendProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.polyloop.scheduler.swap.SwapFixture.await;
import static io.polyloop.scheduler.swap.SwapFixture.echoOnce;
import static io.polyloop.scheduler.swap.SwapFixture.loopBackends;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backend in use goes away (its bundle stops) and the fallback driver cannot open on one loop: that loop is
 * tried again at once; if it still cannot move, it keeps serving on the driver it has and the status says so
 * ({@code lastRejection}, shown by polyloop:status and JMX) until the next applied change moves it.
 */
@Timeout(60)
class ProviderRemovedPartialFailureTest {
    private static final int LOOPS = 4;

    @BeforeEach
    void ioUring() {
        Assumptions.assumeTrue(new IoUringBackendProvider().probe().isAvailable(), "io_uring not available here");
    }

    @Test
    void aLoopWhoseFallbackOpenFailsOnceIsMovedOnTheRetry() throws Exception {
        FlakyProvider fallback = new FlakyProvider("epoll", new EpollBackendProvider(), 2);
        IoBackendProvider uring = new IoUringBackendProvider();
        BackendRegistry registry = new BackendRegistry(List.of(fallback, uring));
        PolyloopRuntime rt = start(registry);
        try {
            TcpListener echo = SwapFixture.echo(rt);
            List<TcpStream> clients = clients(rt, echo);
            assertEquals("io_uring", loopBackends(rt));

            registry.remove(uring);
            rt.onProviderRemoved(uring);
            assertEquals("epoll", loopBackends(rt), "every loop moved, the one refused at first on the retry");
            assertEquals(LOOPS + 1, fallback.opens.get(), "one open per loop plus the retry");
            assertNull(rt.info().lastRejection(), rt.info().lastRejection());
            assertEquals("epoll", rt.info().backend());
            echoAll(clients, "moved");
            echo.close();
        } finally {
            assertTrue(rt.close(Duration.ofSeconds(10)));
        }
    }

    @Test
    void aLoopThatCannotMoveKeepsServingAndTheStatusSaysSoUntilAChangeMovesIt() throws Exception {
        FlakyProvider fallback = new FlakyProvider("epoll", new EpollBackendProvider(), 2, LOOPS + 1);
        IoBackendProvider uring = new IoUringBackendProvider();
        BackendRegistry registry = new BackendRegistry(List.of(fallback, uring));
        PolyloopRuntime rt = start(registry);
        try {
            TcpListener echo = SwapFixture.echo(rt);
            List<TcpStream> clients = clients(rt, echo);

            registry.remove(uring);
            rt.onProviderRemoved(uring);
            assertEquals("epoll+io_uring", loopBackends(rt), "one loop kept the driver of the backend that left");
            String why = rt.info().lastRejection();
            assertTrue(why != null && why.contains("io_uring went away") && why.contains("refused by the test")
                    && why.contains("keep"), why);
            echoAll(clients, "mixed");

            fallback.heal();
            assertTrue(rt.applyProperties(Map.of(RuntimeSettings.STRATEGY, Strategy.THREAD_PER_CORE.configName(),
                    RuntimeSettings.THREADS, LOOPS, RuntimeSettings.BACKEND, "auto")));
            assertEquals("epoll", loopBackends(rt), "the next applied change moved the last loop");
            assertNull(rt.info().lastRejection());
            echoAll(clients, "all moved");
            echo.close();
        } finally {
            assertTrue(rt.close(Duration.ofSeconds(10)));
        }
    }

    private static PolyloopRuntime start(BackendRegistry registry) {
        return Runtimes.create(RuntimeSettings.parse(Map.of(RuntimeSettings.STRATEGY,
                Strategy.THREAD_PER_CORE.configName(), RuntimeSettings.THREADS, LOOPS, RuntimeSettings.BACKEND,
                "io_uring")), registry, Ownership.CALLER);
    }

    /** One client per loop (thread-per-core spreads accepts), so that every loop has a driver. */
    private static List<TcpStream> clients(PolyloopRuntime rt, TcpListener echo) throws Exception {
        List<TcpStream> clients = new ArrayList<>();
        for (int i = 0; i < LOOPS; i++) {
            TcpStream c = await(rt.connect(echo.localAddress()));
            assertEquals("hello" + i, echoOnce(c, "hello" + i));
            clients.add(c);
        }
        assertTrue(rt.info().loops().stream().noneMatch(l -> l.backend().equals("none")), rt.info().toString());
        return clients;
    }

    private static void echoAll(List<TcpStream> clients, String when) throws Exception {
        for (int i = 0; i < clients.size(); i++) {
            assertEquals(when + i, echoOnce(clients.get(i), when + i));
        }
    }
}
