package io.polyloop.scheduler.swap;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.api.Task;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.scheduler.di.Runtimes;
import io.polyloop.scheduler.runtime.BackendRegistry;
import io.polyloop.scheduler.runtime.Ownership;
import io.polyloop.scheduler.runtime.PolyloopRuntime;
import io.polyloop.iouring.IoUringBackendProvider;
import io.polyloop.kqueue.EmulatedKqueueProviders;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live change of strategy and threads: the runtime object stays, connections stay open and echo, timers set before
 * a change fire after it (none lost, none early), every task posted around a change runs exactly once, and info()
 * shows the new strategy and loop count. Shrinking moves the handles, timers and tasks of the loops that go.
 */
@Timeout(120)
class StrategySwapTest {
    private static final int CONNECTIONS = 8;

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring", "kqueue"})
    void strategyAndThreadsChangeUnderLiveConnectionsTimersAndTasks(String backend) throws Exception {
        Assumptions.assumeTrue(!backend.equals("io_uring") || new IoUringBackendProvider().probe().isAvailable(),
                "io_uring not available here");
        // kqueue: over its emulation of macOS on Linux
        BackendRegistry registry = new BackendRegistry(backend.equals("kqueue")
                ? List.of(EmulatedKqueueProviders.macos())
                : List.of(new EpollBackendProvider(), new IoUringBackendProvider()));
        PolyloopRuntime rt = Runtimes.create(RuntimeSettings.parse(conf("thread-per-core", 3, backend)), registry,
                Ownership.CALLER);
        try {
            TcpListener echo = SwapFixture.echo(rt);
            List<TcpStream> clients = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                clients.add(SwapFixture.await(rt.connect(echo.localAddress())));
            }
            Object[][] steps = {
                    {"work-stealing", 3}, {"work-stealing", 2}, {"single-threaded", 2}, {"thread-per-core", 4},
                    {"thread-per-core", 2}, {"work-stealing", 4}, {"single-threaded", 1}, {"work-stealing", 2},
                    {"thread-per-core", 3}};
            AtomicLong posted = new AtomicLong();
            AtomicLong ran = new AtomicLong();
            int round = 0;
            for (Object[] step : steps) {
                String strategy = (String) step[0];
                int threads = (Integer) step[1];
                // timers that must outlive the change, and a flood of posts around it
                List<Task<Long>> timers = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(30 + i);
                    timers.add(rt.schedule(() -> System.nanoTime() - due, Duration.ofMillis(30 + i)));
                }
                Thread poster = new Thread(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        rt.post(ran::incrementAndGet);
                        posted.incrementAndGet();
                    }
                }, "poster");
                poster.start();
                assertTrue(rt.applyProperties(conf(strategy, threads, backend)), () -> rt.info().lastRejection());
                poster.join(30_000);
                int expectedLoops = strategy.equals("single-threaded") ? 1 : threads;
                assertEquals(strategy, rt.info().strategy().configName());
                assertEquals(expectedLoops, rt.info().loops().size(), "loops after " + strategy + "/" + threads);
                assertEquals(expectedLoops, rt.info().loops().stream().map(l -> l.name()).distinct().count());
                for (Task<Long> t : timers) {
                    long late = t.get(20, TimeUnit.SECONDS);
                    assertTrue(late >= 0, "a moved timer fired " + (-late) + " ns early");
                }
                for (int i = 0; i < CONNECTIONS; i++) {
                    String text = "round " + round + " connection " + i;
                    assertEquals(text, SwapFixture.echoOnce(clients.get(i), text), "echo after " + strategy);
                }
                round++;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (ran.get() != posted.get() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(posted.get(), ran.get(), "every post ran exactly once");
            assertNull(rt.info().lastRejection());
            AtomicInteger open = new AtomicInteger();
            clients.forEach(c -> open.addAndGet(c.isOpen() ? 1 : 0));
            assertEquals(CONNECTIONS, open.get(), "no connection was closed");
            System.out.printf("strategy swap [" + backend + "]: %d changes, %d posts ran once each, %d connections echoed after each,"
                    + " loop swaps recorded %d%n", steps.length, ran.get(), CONNECTIONS,
                    rt.info().loops().stream().mapToLong(l -> l.swaps()).sum());
            echo.close();
        } finally {
            assertTrue(rt.close(Duration.ofSeconds(10)), () -> SwapFixture.loopsAndStacks(rt));
        }
    }

    @Test
    void aChangeFromALoopIsRefusedWithTheReason() throws Exception {
        BackendRegistry registry = new BackendRegistry(List.of(new EpollBackendProvider()));
        PolyloopRuntime rt = Runtimes.create(RuntimeSettings.parse(conf("thread-per-core", 2)), registry,
                Ownership.CALLER);
        try {
            boolean applied = rt.submit(() -> rt.applyProperties(conf("single-threaded", 1))).get(10,
                    TimeUnit.SECONDS);
            assertFalse(applied);
            assertTrue(rt.info().lastRejection().contains("would wait for itself"), rt.info().lastRejection());
            assertEquals(Strategy.THREAD_PER_CORE, rt.info().strategy());
            assertEquals(2, rt.info().loops().size());
        } finally {
            assertTrue(rt.close(Duration.ofSeconds(10)));
        }
    }

    @Test
    void aCallerDrivenRuntimeRefusesAStrategyChangeAndSaysWhy() throws Exception {
        BackendRegistry registry = new BackendRegistry(List.of(new EpollBackendProvider()));
        var driven = Runtimes.createCallerDriven(RuntimeSettings.parse(conf("single-threaded", 1)), registry);
        try {
            PolyloopRuntime rt = (PolyloopRuntime) driven.runtime();
            assertFalse(rt.applyProperties(conf("thread-per-core", 2)));
            String why = rt.info().lastRejection();
            assertTrue(why.contains("caller-driven") && why.contains("accepted: the running strategy"), why);
            assertFalse(why.contains("going back"), why);
            assertEquals(Strategy.SINGLE_THREADED, rt.info().strategy());
        } finally {
            assertTrue(driven.close(Duration.ofSeconds(10)));
        }
    }

    static Map<String, Object> conf(String strategy, int threads) {
        return conf(strategy, threads, "epoll");
    }

    static Map<String, Object> conf(String strategy, int threads, String backend) {
        Map<String, Object> m = new HashMap<>();
        m.put(RuntimeSettings.STRATEGY, strategy);
        m.put(RuntimeSettings.THREADS, threads);
        m.put(RuntimeSettings.BACKEND, backend);
        return m;
    }
}
