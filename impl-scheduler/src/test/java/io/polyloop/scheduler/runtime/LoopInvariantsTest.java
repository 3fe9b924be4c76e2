package io.polyloop.scheduler.runtime;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Task;
import io.polyloop.scheduler.di.Runtimes;
import io.polyloop.scheduler.testkit.NoDriverProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The invariants of DESIGN section 7 that hold without I/O. */
@Timeout(30)
class LoopInvariantsTest {
    private final NoDriverProvider provider = new NoDriverProvider();
    private PolyloopRuntime runtime;

    private PolyloopRuntime start(Map<String, Object> properties) {
        runtime = Runtimes.create(RuntimeSettings.parse(properties), new BackendRegistry(List.of(provider)),
                Ownership.CALLER);
        return runtime;
    }

    @AfterEach
    void closeRuntime() {
        if (runtime != null) {
            assertTrue(runtime.close(Duration.ofSeconds(10)), "runtime did not terminate");
        }
    }

    @Test
    void postFromManyThreadsAndFromInsideTasksRunsEverything() throws Exception {
        IoRuntime rt = start(Map.of());
        int threads = 4;
        int perThread = 5_000;
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(threads * perThread * 2);
        Thread[] posters = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            posters[t] = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    rt.post(() -> {
                        ran.incrementAndGet();
                        done.countDown();
                        rt.post(() -> { // from inside a task
                            ran.incrementAndGet();
                            done.countDown();
                        });
                    });
                }
            });
            posters[t].start();
        }
        assertTrue(done.await(20, TimeUnit.SECONDS), "only " + ran.get() + " tasks ran");
        assertEquals(threads * perThread * 2, ran.get());
        assertEquals("none", rt.info().loops().get(0).backend(), "no I/O, so no driver");
        assertEquals(0, provider.opens.get());
    }

    @Test
    void closeFromAnotherThreadDrainsWhatWasAcceptedAndRejectsTheRest() {
        IoRuntime rt = start(Map.of());
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        rt.post(() -> await(gate));
        for (int i = 0; i < 10_000; i++) {
            rt.post(ran::incrementAndGet);
        }
        CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(() -> rt.close(Duration.ofSeconds(10)));
        while (!rt.isClosed()) {
            Thread.onSpinWait();
        }
        assertThrows(RejectedExecutionException.class, () -> rt.post(ran::incrementAndGet));
        gate.countDown();
        assertTrue(closing.join());
        assertEquals(10_000, ran.get());
        runtime = null;
    }

    @Test
    void closeFromATaskOnTheLoopDoesNotDeadlock() throws Exception {
        IoRuntime rt = start(Map.of());
        AtomicReference<Boolean> result = new AtomicReference<>();
        AtomicInteger after = new AtomicInteger();
        rt.post(() -> {
            rt.post(after::incrementAndGet); // accepted before close: still runs
            result.set(rt.close(Duration.ofSeconds(5)));
        });
        rt.terminated().get(10, TimeUnit.SECONDS);
        assertFalse(result.get(), "a loop cannot wait for itself: close returns at once");
        assertEquals(1, after.get());
        runtime = null;
    }

    @Test
    void aThrowingTaskIsIsolated() throws Exception {
        IoRuntime rt = start(Map.of());
        rt.post(() -> {
            throw new IllegalStateException("boom (expected by the test)");
        });
        assertEquals(42, rt.submit(() -> 42).get(5, TimeUnit.SECONDS));
        Task<Object> failing = rt.submit(() -> {
            throw new IllegalArgumentException("expected");
        });
        assertEquals(IllegalArgumentException.class, failing.handle((v, e) -> e).toCompletableFuture().get(5, TimeUnit.SECONDS).getClass());
        assertEquals(Task.Status.FAILED, failing.status());
    }

    @Test
    void blockingJoinOnTheLoopFailsFastInsteadOfDeadlocking() throws Exception {
        IoRuntime rt = start(Map.of());
        Task<Void> never = rt.sleep(Duration.ofHours(1));
        Task<String> outcome = rt.submit(() -> {
            try {
                never.join();
                return "joined?!";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        });
        String message = outcome.get(5, TimeUnit.SECONDS);
        assertTrue(message.contains("would block the loop"), message);
        Task<Integer> done = rt.submit(() -> 7);
        assertEquals(7, done.get(5, TimeUnit.SECONDS));
        assertEquals(7, rt.submit(done::join).get(5, TimeUnit.SECONDS), "joining a completed task is fine");
        assertTrue(never.cancel());
        assertEquals(Task.Status.CANCELLED, never.status());
    }

    @Test
    void derivedStagesAreTasksAndRunOnTheLoop() throws Exception {
        IoRuntime rt = start(Map.of());
        Task<Integer> base = rt.submit(() -> 1);
        var derived = base.thenApplyAsync(v -> rt.inLoop() ? v + 1 : -1);
        assertTrue(derived instanceof Task);
        assertEquals(2, derived.toCompletableFuture().get(5, TimeUnit.SECONDS));
    }

    @Test
    void queueCapacityIsEnforcedWithAClearRejection() {
        IoRuntime rt = start(Map.of(RuntimeSettings.QUEUE_CAPACITY, 16));
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        rt.post(() -> {
            started.countDown();
            await(gate);
        });
        await(started);
        for (int i = 0; i < 16; i++) {
            rt.post(() -> { });
        }
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> rt.post(() -> { }));
        assertTrue(e.getMessage().contains("queueCapacity=16"), e.getMessage());
        gate.countDown();
    }

    @Test
    void aSelfReschedulingTaskCannotStarveTimersOrPosts() throws Exception {
        IoRuntime rt = start(Map.of(RuntimeSettings.TASK_BUDGET, 8));
        AtomicInteger spins = new AtomicInteger();
        Runnable[] hog = new Runnable[1];
        hog[0] = () -> {
            if (spins.incrementAndGet() < 50_000_000) {
                rt.post(hog[0]);
            }
        };
        rt.post(hog[0]);
        Task<Void> timer = rt.sleep(Duration.ofMillis(20));
        timer.get(10, TimeUnit.SECONDS);
        assertEquals(5, rt.submit(() -> 5).get(10, TimeUnit.SECONDS));
        assertTrue(spins.get() < 50_000_000, "the hog finished before the timer: the test proved nothing");
        spins.set(50_000_000);
    }

    @Test
    void timersFireInOrderAndCancelledOnesDoNot() throws Exception {
        IoRuntime rt = start(Map.of());
        List<Integer> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        Task<Integer> late = rt.schedule(() -> { order.add(2); return 2; }, Duration.ofMillis(60));
        Task<Integer> early = rt.schedule(() -> { order.add(1); return 1; }, Duration.ofMillis(20));
        Task<Integer> cancelled = rt.schedule(() -> { order.add(3); return 3; }, Duration.ofMillis(40));
        assertTrue(cancelled.cancel());
        assertEquals(2, late.get(5, TimeUnit.SECONDS));
        assertEquals(1, early.resultNow());
        assertEquals(List.of(1, 2), order);
        long t0 = System.nanoTime();
        rt.sleep(Duration.ofMillis(50)).get(5, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - t0 >= 49_000_000L, "sleep returned early");
    }

    @Test
    void closingCancelsPendingTimers() throws Exception {
        IoRuntime rt = start(Map.of());
        Task<Void> sleeping = rt.sleep(Duration.ofHours(1));
        assertTrue(rt.close(Duration.ofSeconds(5)));
        assertEquals(Task.Status.CANCELLED, sleeping.status());
        runtime = null;
    }

    @Test
    void aBadReconfigurationKeepsThePreviousSettings() {
        PolyloopRuntime rt = start(Map.of(RuntimeSettings.TASK_BUDGET, 32));
        assertFalse(rt.applyProperties(Map.of(RuntimeSettings.THREADS, -1, RuntimeSettings.STRATEGY, "nonsense")));
        String why = rt.info().lastRejection();
        assertTrue(why.contains("threads=-1") && why.contains("strategy='nonsense'") && why.contains("accepted"),
                why);
        assertEquals(32, rt.info().settings().taskBudget());
        assertFalse(rt.applyProperties(Map.of(RuntimeSettings.BACKEND, "io_uring")));
        assertTrue(rt.info().lastRejection().contains("'io_uring' is not installed"), rt.info().lastRejection());
        assertTrue(rt.applyProperties(Map.of(RuntimeSettings.TASK_BUDGET, 128)));
        assertEquals(128, rt.info().settings().taskBudget());
        assertEquals(null, rt.info().lastRejection());
    }

    @Test
    void theServiceInstanceRefusesToBeClosedByAConsumer() {
        PolyloopRuntime rt = Runtimes.create(RuntimeSettings.defaults(), new BackendRegistry(List.of(provider)),
                Ownership.SERVICE);
        try {
            assertThrows(UnsupportedOperationException.class, rt::close);
            assertFalse(rt.isClosed());
        } finally {
            assertTrue(rt.shutdown(Duration.ofSeconds(5)));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(20, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
