package io.polyloop.scheduler.runtime;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.PoolInfo;
import io.polyloop.api.Task;
import io.polyloop.scheduler.loop.LoopThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** spawnBlocking and parallelMap: off the loops, bounded, cancellable, ended with the runtime. */
@Timeout(30)
class OffloadTest extends RuntimeTestSupport {
    private static PoolInfo blockingPool(IoRuntime rt) {
        return rt.info().pools().get(0);
    }

    private static boolean await(CountDownLatch latch) throws InterruptedException {
        return latch.await(10, TimeUnit.SECONDS);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertTrue(await(latch));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aBlockingCallRunsOnANamedPoolThreadAndItsContinuationOnALoop() throws Exception {
        IoRuntime rt = start(Map.of());
        CountDownLatch registered = new CountDownLatch(1); // the continuation must exist before the result does
        Task<Boolean> onLoop = rt.spawnBlocking(() -> {
            assertFalse(LoopThread.isLoopThread());
            assertTrue(await(registered));
            return Thread.currentThread().getName();
        }).thenApply(name -> {
            assertTrue(name.matches("polyloop-\\d+-blocking-\\d+"), name);
            return rt.inLoop();
        });
        registered.countDown();
        assertTrue(onLoop.get(10, TimeUnit.SECONDS), "continuation ran on a loop");
        Task<Object> failing = rt.spawnBlocking(() -> {
            throw new IllegalStateException("expected by the test");
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> failing.get(10, TimeUnit.SECONDS));
        assertEquals("expected by the test", e.getCause().getMessage());
        awaitTrue(() -> blockingPool(rt).completed() == 2, "two calls counted");
    }

    @Test
    void pastThreadsPlusQueueCallsAreRefusedWithTheBoundsNamed() throws Exception {
        IoRuntime rt = start(Map.of("blockingThreads", 1, "blockingQueue", 1));
        CountDownLatch release = new CountDownLatch(1);
        Task<Boolean> running = rt.spawnBlocking(() -> await(release));
        Task<String> waiting = rt.spawnBlocking(() -> "second");
        Task<String> refused = rt.spawnBlocking(() -> "third");
        ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS));
        assertInstanceOf(RejectedExecutionException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("blockingThreads=1 + blockingQueue=1"), e.getCause().getMessage());
        PoolInfo info = blockingPool(rt);
        assertEquals(1, info.rejected());
        assertEquals(1, info.queued());
        release.countDown();
        assertTrue(running.get(10, TimeUnit.SECONDS));
        assertEquals("second", waiting.get(10, TimeUnit.SECONDS));
    }

    @Test
    void cancellingARunningCallInterruptsItAndAWaitingOneNeverRuns() throws Exception {
        IoRuntime rt = start(Map.of("blockingThreads", 1));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Task<Void> running = rt.spawnBlocking(() -> {
            started.countDown();
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return null;
        });
        AtomicBoolean ran = new AtomicBoolean();
        Task<Void> waiting = rt.spawnBlocking(() -> {
            ran.set(true);
            return null;
        });
        assertTrue(await(started));
        assertTrue(waiting.cancel());
        assertTrue(running.cancel());
        assertTrue(await(interrupted), "the running call was interrupted");
        Task<String> next = rt.spawnBlocking(() -> Thread.currentThread().isInterrupted() ? "dirty" : "clean");
        assertEquals("clean", next.get(10, TimeUnit.SECONDS), "the interrupt does not leak into the next call");
        assertFalse(ran.get(), "a call cancelled while waiting never runs");
    }

    @Test
    void closingTheRuntimeCancelsWaitingCallsAndInterruptsRunningOnes() throws Exception {
        IoRuntime rt = start(Map.of("blockingThreads", 1));
        CountDownLatch started = new CountDownLatch(1);
        Task<String> running = rt.spawnBlocking(() -> {
            started.countDown();
            Thread.sleep(20_000);
            return "not interrupted";
        });
        Task<String> waiting = rt.spawnBlocking(() -> "ran");
        assertTrue(await(started));
        assertTrue(rt.close(Duration.ofMillis(200)), "the interrupted call ends, so close succeeds");
        assertThrows(CancellationException.class, () -> waiting.get(5, TimeUnit.SECONDS));
        ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(5, TimeUnit.SECONDS));
        assertInstanceOf(InterruptedException.class, e.getCause());
        ExecutionException after = assertThrows(ExecutionException.class,
                () -> rt.spawnBlocking(() -> 1).get(5, TimeUnit.SECONDS));
        assertInstanceOf(RejectedExecutionException.class, after.getCause());
    }

    @Test
    void idleThreadsRetireAndTheSizeChangesLive() throws Exception {
        PolyloopRuntime rt = start(Map.of("blockingThreads", 1, "blockingKeepAliveMillis", 50));
        assertEquals(1, rt.spawnBlocking(() -> 1).get(10, TimeUnit.SECONDS));
        awaitTrue(() -> blockingPool(rt).threads() == 0, "the idle thread to retire");
        assertTrue(rt.applyProperties(Map.of("blockingThreads", 2)));
        CyclicBarrier both = new CyclicBarrier(2);
        Task<Integer> a = rt.spawnBlocking(() -> both.await(10, TimeUnit.SECONDS));
        Task<Integer> b = rt.spawnBlocking(() -> both.await(10, TimeUnit.SECONDS));
        assertEquals(1, a.get(10, TimeUnit.SECONDS) + b.get(10, TimeUnit.SECONDS), "two calls ran at once");
        assertEquals(2, blockingPool(rt).maxThreads());
    }

    @Test
    void parallelMapKeepsTheOrderAndRunsOffTheLoops() throws Exception {
        IoRuntime rt = start(Map.of());
        List<Integer> items = IntStream.range(0, 10_000).boxed().toList();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Task<List<Long>> squares = rt.parallelMap(items, i -> {
            threads.add(Thread.currentThread().getName());
            return (long) i * i;
        });
        List<Long> result = squares.get(10, TimeUnit.SECONDS);
        List<Long> expected = new ArrayList<>();
        for (int i : items) {
            expected.add((long) i * i);
        }
        assertEquals(expected, result);
        assertTrue(threads.stream().allMatch(n -> n.matches("polyloop-\\d+-compute-\\d+")), threads.toString());
        CountDownLatch registered = new CountDownLatch(1);
        Task<Boolean> onLoop = rt.parallelMap(items, i -> {
            if (i == 0) {
                awaitQuietly(registered);
            }
            return i;
        }).thenApply(r -> rt.inLoop());
        registered.countDown();
        assertTrue(onLoop.get(10, TimeUnit.SECONDS), "continuation ran on a loop");
        assertEquals(List.of(), rt.parallelMap(List.of(), i -> i).get(10, TimeUnit.SECONDS));
        assertEquals(2, rt.info().pools().get(1).completed());
    }

    @Test
    void parallelMapFailsWithTheFirstExceptionAndSkipsTheRest() {
        IoRuntime rt = start(Map.of());
        List<Integer> items = IntStream.range(0, 1000).boxed().toList();
        Task<List<Integer>> failing = rt.parallelMap(items, i -> {
            if (i == 500) {
                throw new ArithmeticException("item 500 (expected by the test)");
            }
            return i;
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> failing.get(10, TimeUnit.SECONDS));
        assertEquals("item 500 (expected by the test)", e.getCause().getMessage());
    }
}
