package io.polyloop.scheduler.strategy;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.api.Task;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.scheduler.loop.LoopThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What work-stealing promises beyond the shared suites: idle loops take work, and idle loops sleep. */
@Timeout(60)
class WorkStealingTest {
    private static final int LOOPS = 4;
    private IoRuntime rt;

    @BeforeEach
    void start() {
        rt = IoRuntime.builder().provider(new EpollBackendProvider()).backend("epoll")
                .strategy(Strategy.WORK_STEALING.configName()).set(RuntimeSettings.THREADS, LOOPS).build();
    }

    @AfterEach
    void stop() {
        assertTrue(rt.close(Duration.ofSeconds(10)));
    }

    @Test
    void tasksSpawnedOnOneBusyLoopAreRunByOthers() throws Exception {
        Set<String> ran = ConcurrentHashMap.newKeySet();
        int tasks = 64;
        CountDownLatch done = new CountDownLatch(tasks);
        // One task spawns all the others from its loop, then keeps that loop busy: only theft can spread them. It
        // stays busy until another loop ran one (a fixed spin may end before a parked sibling gets a CPU under load),
        // for 10 s at most: only a runtime that does not steal fails.
        CompletableFuture<String> owner = new CompletableFuture<>();
        rt.post(() -> {
            owner.complete(Thread.currentThread().getName());
            for (int i = 0; i < tasks; i++) {
                rt.post(() -> {
                    ran.add(Thread.currentThread().getName());
                    spin(2);
                    done.countDown();
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ran.isEmpty() && System.nanoTime() < deadline) { // the owner runs none of them meanwhile
                Thread.onSpinWait();
            }
        });
        assertTrue(done.await(20, TimeUnit.SECONDS));
        String spawner = owner.join();
        assertTrue(ran.stream().anyMatch(name -> !name.equals(spawner)), "no other loop stole work: " + ran
                + " (spawned on " + spawner + ")");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); // counters are published per turn
        long steals = 0;
        while ((steals = rt.info().loops().stream().mapToLong(l -> l.steals()).sum()) == 0
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(steals > 0, "info() shows no steals: " + rt.info().loops());
    }

    @Test
    void continuationsMayMoveButEveryTaskRunsOnce() throws Exception {
        List<Task<Integer>> all = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            int n = i;
            all.add(rt.submit(() -> n).thenApplyAsync(v -> v * 2).thenCompose(v -> rt.submit(() -> v + 1)));
        }
        long sum = 0;
        for (Task<Integer> t : all) {
            sum += t.get(10, TimeUnit.SECONDS);
        }
        assertEquals(2000L * 1999 + 2000, sum);
    }

    @Test
    void anIdleRuntimeSleeps() throws Exception {
        rt.submit(() -> 1).get(5, TimeUnit.SECONDS); // every loop has started and gone idle
        Thread.sleep(100);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long before = loopCpuNanos(mx);
        Thread.sleep(500);
        long used = loopCpuNanos(mx) - before;
        // A spinning loop would burn ~500 ms per loop here; a parked one a few microseconds.
        assertTrue(used < TimeUnit.MILLISECONDS.toNanos(50), "idle loops used " + used / 1000 + " us of CPU");
    }

    private static long loopCpuNanos(ThreadMXBean mx) {
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t instanceof LoopThread) {
                sum += Math.max(0, mx.getThreadCpuTime(t.getId()));
            }
        }
        return sum;
    }

    private static void spin(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
