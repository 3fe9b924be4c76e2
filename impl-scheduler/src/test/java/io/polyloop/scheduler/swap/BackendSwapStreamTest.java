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
            AtomicReference<Throwable> budgetFailure = new AtomicReference<>();
            Thread budget = new Thread(() -> {
                try {
                    for (int i = 0; i < 2 * SWAPS; i++) {
                        String backend = rt.info().settings().backend(); // whatever the swapper set last
                        assertTrue(rt.applyProperties(conf(strategy, backend, i % 2 == 0 ? 128 : 64)),
                                rt.info().lastRejection());
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

    private static Map<String, Object> conf(String strategy, String backend, int taskBudget) {
        Map<String, Object> m = new HashMap<>();
        m.put(RuntimeSettings.STRATEGY, strategy);
        m.put(RuntimeSettings.THREADS, 2);
        m.put(RuntimeSettings.BACKEND, backend);
        m.put(RuntimeSettings.TASK_BUDGET, taskBudget);
        return m;
    }
}
