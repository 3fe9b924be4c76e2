package io.polyloop.scheduler.swap;

import io.polyloop.api.LoopInfo;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.polyloop.scheduler.swap.SwapFixture.await;
import static io.polyloop.scheduler.swap.SwapFixture.echoOnce;
import static io.polyloop.scheduler.swap.SwapFixture.loopBackends;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backend change on a running runtime with live connections on every loop: all loops or none (rollback when one
 * loop's new driver cannot open), the pause recorded per loop, and the return to a backend whose bundle comes back.
 */
@Timeout(60)
class BackendSwapTest {
    private static final int LOOPS = 4;

    private static Map<String, Object> conf(String backend) {
        Map<String, Object> m = new HashMap<>();
        m.put(RuntimeSettings.STRATEGY, Strategy.THREAD_PER_CORE.configName());
        m.put(RuntimeSettings.THREADS, LOOPS);
        m.put(RuntimeSettings.BACKEND, backend);
        return m;
    }

    private static PolyloopRuntime start(BackendRegistry registry, String backend) {
        return Runtimes.create(RuntimeSettings.parse(conf(backend)), registry, Ownership.CALLER);
    }

    private static void assumeIoUring() {
        Assumptions.assumeTrue(new IoUringBackendProvider().probe().isAvailable(), "io_uring not available here");
    }

    /** A listener on every loop (thread-per-core spreads accepts) and one client per loop: every loop has a driver. */
    private static List<TcpStream> clients(PolyloopRuntime rt, TcpListener echo) throws Exception {
        List<TcpStream> clients = new ArrayList<>();
        for (int i = 0; i < LOOPS; i++) {
            TcpStream c = await(rt.connect(echo.localAddress()));
            assertEquals("hello" + i, echoOnce(c, "hello" + i));
            clients.add(c);
        }
        for (LoopInfo l : rt.info().loops()) {
            assertFalse("none".equals(l.backend()), l.name() + " has no driver: " + rt.info());
        }
        return clients;
    }

    @Test
    void aDriverThatCannotOpenOnOneLoopRollsEveryLoopBack() throws Exception {
        assumeIoUring();
        FlakyProvider flaky = new FlakyProvider("flaky", new IoUringBackendProvider(), 3);
        BackendRegistry registry = new BackendRegistry(List.of(new EpollBackendProvider(), flaky));
        PolyloopRuntime rt = start(registry, "epoll");
        try {
            TcpListener echo = SwapFixture.echo(rt);
            List<TcpStream> clients = clients(rt, echo);

            assertFalse(rt.applyProperties(conf("flaky")));
            String why = rt.info().lastRejection();
            assertTrue(why.contains("refused by the test") && why.contains("back on its previous settings"), why);
            assertEquals("epoll", rt.info().backend());
            assertEquals("epoll", rt.info().settings().backend(), "info() shows the settings in effect");
            assertEquals("epoll", loopBackends(rt), "every loop is back on epoll");
            assertEquals(LOOPS, flaky.opens.get(), "each loop tried once");
            long swaps = rt.info().loops().stream().mapToLong(LoopInfo::swaps).sum();
            assertEquals(2 * (LOOPS - 1), swaps, "the loops that swapped swapped back: " + rt.info().loops());
            for (int i = 0; i < LOOPS; i++) {
                assertEquals("after rollback " + i, echoOnce(clients.get(i), "after rollback " + i));
            }

            flaky.heal();
            assertTrue(rt.applyProperties(conf("flaky")));
            assertNull(rt.info().lastRejection(), "a valid change clears the rejection");
            assertEquals("io_uring", loopBackends(rt), "the flaky provider hands out io_uring drivers");
            for (LoopInfo l : rt.info().loops()) {
                assertTrue(l.lastSwapNanos() > 0, "the pause is measured: " + l);
            }
            for (int i = 0; i < LOOPS; i++) {
                assertEquals("swapped " + i, echoOnce(clients.get(i), "swapped " + i));
            }
            System.out.println("swap pauses per loop (us): " + rt.info().loops().stream()
                    .map(l -> l.name() + "=" + l.lastSwapNanos() / 1000).toList());
            echo.close();
        } finally {
            assertTrue(rt.close(Duration.ofSeconds(10)));
        }
    }

    @Test
    void theNamedBackendIsUsedAgainWhenItsProviderComesBack() throws Exception {
        returnsToTheBackend("io_uring");
    }

    @Test
    void autoReturnsToTheBestRankedBackendWhenItComesBack() throws Exception {
        returnsToTheBackend(RuntimeSettings.AUTO);
    }

    private void returnsToTheBackend(String configured) throws Exception {
        assumeIoUring();
        IoBackendProvider uring = new IoUringBackendProvider();
        BackendRegistry registry = new BackendRegistry(List.of(new EpollBackendProvider(), uring));
        PolyloopRuntime rt = start(registry, configured);
        try {
            TcpListener echo = SwapFixture.echo(rt);
            List<TcpStream> clients = clients(rt, echo);
            assertEquals("io_uring", loopBackends(rt));

            registry.remove(uring); // its bundle stops
            rt.onProviderRemoved(uring);
            assertEquals("epoll", loopBackends(rt));
            assertEquals("epoll", rt.info().backend());
            assertEquals(configured, rt.info().settings().backend(), "the configuration is unchanged");
            assertEquals("on epoll", echoOnce(clients.get(0), "on epoll"));

            IoBackendProvider back = new IoUringBackendProvider(); // the bundle starts again: a new service object
            registry.add(back);
            rt.onProviderAdded(back);
            assertEquals("io_uring", loopBackends(rt));
            assertEquals("io_uring", rt.info().backend());
            for (int i = 0; i < LOOPS; i++) {
                assertEquals("back " + i, echoOnce(clients.get(i), "back " + i));
            }

            IoBackendProvider unrelated = new FlakyProvider("other", new EpollBackendProvider(), 0);
            registry.add(unrelated);
            rt.onProviderAdded(unrelated); // neither named nor ranked first: nothing moves
            assertEquals("io_uring", loopBackends(rt));
            echo.close();
        } finally {
            assertTrue(rt.close(Duration.ofSeconds(10)));
        }
    }

    @Test
    void aChangeMadeOnALoopIsRefusedWithTheReason() throws Exception {
        BackendRegistry registry = new BackendRegistry(List.of(new EpollBackendProvider()));
        PolyloopRuntime rt = start(registry, "epoll");
        try {
            Boolean applied = await(rt.submit(() -> rt.applyProperties(conf("epoll"))));
            assertFalse(applied);
            assertTrue(rt.info().lastRejection().contains("would wait for itself"), rt.info().lastRejection());
            assertTrue(rt.applyProperties(conf("epoll")));
        } finally {
            assertTrue(rt.close(Duration.ofSeconds(10)));
        }
    }
}
