package io.polyloop.scheduler.runtime;

import io.polyloop.api.LoopInfo;
import io.polyloop.api.RuntimeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The metrics of IoRuntime.info() and the blocked-loop watchdog as the runtime runs it. */
@Timeout(30)
class RuntimeMetricsTest extends RuntimeTestSupport {
    @Test
    void aLoopBlockedPastTheThresholdIsCountedOnceAndAnIdleOneNever() throws Exception {
        PolyloopRuntime rt = start(Map.of("blockedThresholdMillis", 100));
        Thread.sleep(400); // idle: asleep in its poll, never "blocked"
        assertEquals(0, rt.info().blockedEvents());
        rt.post(() -> {
            try {
                Thread.sleep(500); // blocks the loop on purpose, bounded
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        awaitTrue(() -> rt.info().blockedEvents() == 1, "one blocked event");
        assertEquals(1, rt.submit(() -> 1).get(10, TimeUnit.SECONDS));
        assertEquals(1, rt.info().blockedEvents(), "one episode, one event");
        assertTrue(rt.applyProperties(Map.of("blockedThresholdMillis", 0)));
        rt.post(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertEquals(1, rt.submit(() -> 1).get(10, TimeUnit.SECONDS));
        assertEquals(1, rt.info().blockedEvents(), "threshold 0: the watchdog is off");
    }

    @Test
    void infoCountsTasksWakeupsTimersAndPools() throws Exception {
        PolyloopRuntime rt = start(Map.of());
        for (int i = 0; i < 50; i++) {
            rt.submit(() -> 1).get(10, TimeUnit.SECONDS); // each from outside
        }
        // The loop watches for the next post a few microseconds before it sleeps, so it may have caught all 50
        // without sleeping (CI saw wakeups=0). A loop left idle sleeps, and the next post from outside must wake it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (rt.info().loops().get(0).wakeups() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            rt.submit(() -> 1).get(10, TimeUnit.SECONDS);
        }
        rt.sleep(java.time.Duration.ofHours(1));
        awaitTrue(() -> rt.info().timers() == 1, "the pending timer");
        RuntimeInfo info = rt.info();
        LoopInfo loop = info.loops().get(0);
        assertTrue(loop.tasksRun() >= 50, loop.toString());
        assertTrue(loop.wakeups() >= 1 && loop.wakeups() <= 1000, loop.toString());
        assertEquals(0, loop.steals(), "single-threaded: nothing to steal");
        assertEquals(loop.tasksRun(), info.tasksRun());
        assertEquals(2, info.pools().size());
        assertTrue(info.pools().get(0).name().endsWith("-blocking"), info.pools().toString());
        assertTrue(info.pools().get(1).name().endsWith("-compute"), info.pools().toString());
        assertEquals(4, info.pools().get(0).maxThreads(), "blockingThreads");
        assertEquals(1024, info.pools().get(0).queueBound(), "blockingQueue");
    }
}
