package io.polyloop.scheduler.swap;

import io.polyloop.api.LoopInfo;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.iouring.IoUringBackendProvider;
import io.polyloop.scheduler.di.Runtimes;
import io.polyloop.scheduler.runtime.BackendRegistry;
import io.polyloop.scheduler.runtime.Ownership;
import io.polyloop.scheduler.runtime.PolyloopRuntime;
import org.junit.jupiter.api.Assumptions;
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
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@value #CONNECTIONS} connections stream checksummed bytes through an echo service while the backend is swapped
 * {@value #SWAPS} times between epoll and io_uring, and another thread changes {@code taskBudget} at the same time
 * (the two kinds of change are serialised); every byte must come back in order. Prints bytes checked, swaps done and
 * the longest stall between two reads of one connection (reported, not asserted).
 */
@Timeout(90)
class BackendSwapStreamTest {
    private static final int CONNECTIONS = 16;
    private static final int SWAPS = 8;
    private static final long MIN_BYTES = 512 * 1024;

    @ParameterizedTest
    @ValueSource(strings = {"single-threaded", "thread-per-core", "work-stealing"})
    void everyByteComesBackInOrderAcrossSwaps(String strategy) throws Exception {
        Assumptions.assumeTrue(new IoUringBackendProvider().probe().isAvailable(), "io_uring not available here");
        BackendRegistry registry = new BackendRegistry(List.of(new EpollBackendProvider(),
                new IoUringBackendProvider()));
        PolyloopRuntime rt = Runtimes.create(RuntimeSettings.parse(conf(strategy, "epoll", 64)), registry,
                Ownership.CALLER);
        try {
            TcpListener echo = SwapFixture.echo(rt);
            List<ChecksummedStream> streams = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                TcpStream c = SwapFixture.await(rt.connect(echo.localAddress()));
                streams.add(new ChecksummedStream(c, 1000 + i, MIN_BYTES));
            }
            streams.forEach(ChecksummedStream::start);

            AtomicInteger budgetChanges = new AtomicInteger();
            // The changer names the backend the swapper is going to (read under the lock the swapper takes to set it),
            // never one it read before a swap: a stale full configuration would be a swap of its own. Its change can
            // still run while the swapper's is applied; the runtime serializes them.
            Object targetLock = new Object();
            AtomicReference<String> target = new AtomicReference<>("epoll");
            AtomicReference<Throwable> budgetFailure = new AtomicReference<>();
            Thread budget = new Thread(() -> {
                try {
                    for (int i = 0; i < 2 * SWAPS; i++) {
                        synchronized (targetLock) {
                            assertTrue(rt.applyProperties(conf(strategy, target.get(), i % 2 == 0 ? 128 : 64)),
                                    rt.info().lastRejection());
                        }
                        budgetChanges.incrementAndGet();
                        Thread.sleep(10);
                    }
                } catch (Throwable t) {
                    budgetFailure.set(t);
                }
            }, "budget-changer");
            budget.start();
            int swaps = 0;
            long longestPause = 0;
            for (int i = 0; i < SWAPS; i++) {
                Thread.sleep(25);
                String to = i % 2 == 0 ? "io_uring" : "epoll";
                synchronized (targetLock) {
                    target.set(to);
                }
                int budgetNow = rt.info().settings().taskBudget();
                assertTrue(rt.applyProperties(conf(strategy, to, budgetNow)), rt.info().lastRejection());
                assertEquals(to, SwapFixture.loopBackends(rt), "every loop runs the new backend");
                swaps++;
                longestPause = Math.max(longestPause,
                        rt.info().loops().stream().mapToLong(LoopInfo::lastSwapNanos).max().orElse(0));
            }
            streams.forEach(ChecksummedStream::stop);
            long bytes = 0;
            long stall = 0;
            for (ChecksummedStream s : streams) {
                long n = s.done.get(60, TimeUnit.SECONDS);
                assertTrue(n >= MIN_BYTES, "stream ended early: " + n);
                bytes += n;
                stall = Math.max(stall, s.longestStallNanos());
            }
            budget.join(30_000);
            assertNull(budgetFailure.get(), () -> "the concurrent change failed: " + budgetFailure.get());
            assertEquals(rt.info().backend(), SwapFixture.loopBackends(rt), "settings and loops agree");
            assertNull(rt.info().lastRejection());
            System.out.printf("backend swap stream [%s]: %d connections, %d bytes checked, %d swaps done"
                            + " (+%d concurrent taskBudget changes), longest swap pause %d us, longest stall %d ms%n",
                    strategy, CONNECTIONS, bytes, swaps, budgetChanges.get(), longestPause / 1000,
                    stall / 1_000_000);
            echo.close();
        } finally {
            assertTrue(rt.close(Duration.ofSeconds(10)));
        }
    }

    /**
     * The same {@value #CONNECTIONS} checksummed streams while the strategy goes round all three and the loop count
     * changes (growing starts loops, shrinking retires loops into the others with their connections, timers and
     * tasks), each change followed by a backend swap epoll &lt;-&gt; io_uring. Prints bytes checked, changes done, the
     * longest loop pause and the longest stall of a connection.
     */
    @org.junit.jupiter.api.Test
    void everyByteComesBackInOrderAcrossStrategyThreadsAndBackendChanges() throws Exception {
        Assumptions.assumeTrue(new IoUringBackendProvider().probe().isAvailable(), "io_uring not available here");
        BackendRegistry registry = new BackendRegistry(List.of(new EpollBackendProvider(),
                new IoUringBackendProvider()));
        PolyloopRuntime rt = Runtimes.create(RuntimeSettings.parse(conf("thread-per-core", 3, "epoll", 64)),
                registry, Ownership.CALLER);
        try {
            TcpListener echo = SwapFixture.echo(rt);
            List<ChecksummedStream> streams = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                TcpStream c = SwapFixture.await(rt.connect(echo.localAddress()));
                streams.add(new ChecksummedStream(c, 2000 + i, MIN_BYTES));
            }
            streams.forEach(ChecksummedStream::start);
            String[] strategies = {"work-stealing", "single-threaded", "thread-per-core"};
            int[] threads = {2, 4, 1, 3, 2, 4};
            int reshapes = 0;
            int swaps = 0;
            long longestPause = 0;
            long longestChange = 0;
            String backend = "epoll";
            for (int i = 0; i < 2 * strategies.length; i++) {
                Thread.sleep(25);
                String strategy = strategies[i % strategies.length];
                long t0 = System.nanoTime();
                assertTrue(rt.applyProperties(conf(strategy, threads[i], backend, 64)), rt.info().lastRejection());
                longestChange = Math.max(longestChange, System.nanoTime() - t0);
                assertEquals(strategy, rt.info().strategy().configName());
                assertEquals(strategy.equals("single-threaded") ? 1 : threads[i], rt.info().loops().size());
                reshapes++;
                Thread.sleep(25);
                backend = backend.equals("epoll") ? "io_uring" : "epoll";
                assertTrue(rt.applyProperties(conf(strategy, threads[i], backend, 64)), rt.info().lastRejection());
                String now = SwapFixture.loopBackends(rt);
                // a loop started by the change opens its driver on its first I/O: until then it shows "none"
                assertTrue(now.equals(backend) || now.equals(backend + "+none") || now.equals("none+" + backend),
                        "every loop with a driver runs the new backend: " + now);
                swaps++;
                longestPause = Math.max(longestPause,
                        rt.info().loops().stream().mapToLong(LoopInfo::lastSwapNanos).max().orElse(0));
            }
            streams.forEach(ChecksummedStream::stop);
            long bytes = 0;
            long stall = 0;
            for (ChecksummedStream s : streams) {
                long n = s.done.get(60, TimeUnit.SECONDS);
                assertTrue(n >= MIN_BYTES, "stream ended early: " + n);
                bytes += n;
                stall = Math.max(stall, s.longestStallNanos());
            }
            assertNull(rt.info().lastRejection());
            System.out.printf("strategy/threads + backend swap stream: %d connections, %d bytes checked, %d strategy"
                            + "/threads changes + %d backend swaps, longest loop pause %d us, longest change %d ms,"
                            + " longest stall %d ms%n", CONNECTIONS, bytes, reshapes, swaps, longestPause / 1000,
                    longestChange / 1_000_000, stall / 1_000_000);
            echo.close();
        } finally {
            assertTrue(rt.close(Duration.ofSeconds(10)), () -> SwapFixture.loopsAndStacks(rt));
        }
    }

    private static Map<String, Object> conf(String strategy, int threads, String backend, int taskBudget) {
        Map<String, Object> m = conf(strategy, backend, taskBudget);
        m.put(RuntimeSettings.THREADS, threads);
        return m;
    }

    private static Map<String, Object> conf(String strategy, String backend, int taskBudget) {
        Map<String, Object> m = new HashMap<>();
        m.put(RuntimeSettings.STRATEGY, strategy);
        m.put(RuntimeSettings.THREADS, 2);
        m.put(RuntimeSettings.BACKEND, backend);
        m.put(RuntimeSettings.TASK_BUDGET, taskBudget);
        return m;
    }
}
