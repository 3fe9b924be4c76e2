package io.polyloop.scheduler.loop;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A loop blocked on purpose (bounded), watched with a 100 ms threshold. */
@Timeout(30)
class BlockedLoopWatchdogTest {
    private static final long THRESHOLD_MS = 100;

    private record Report(String loop, long blockedNanos, long episode, StackTraceElement[] stack) {
    }

    private final List<Report> reports = new CopyOnWriteArrayList<>();
    private final EventLoop loop = new EventLoop("watched-loop", new LoopConfig(64, 1024, null, 256, 1));
    private final BlockedLoopWatchdog watchdog = new BlockedLoopWatchdog("watched", () -> List.of(loop), THRESHOLD_MS,
            (l, blockedNanos, threshold, episode, stack) -> reports.add(new Report(l.name(), blockedNanos, episode,
                    stack)));

    @AfterEach
    void stop() throws Exception {
        watchdog.close();
        loop.shutdown();
        loop.terminated().get(10, TimeUnit.SECONDS);
    }

    private static void blockHere(CountDownLatch release) {
        try {
            assertTrue(release.await(10, TimeUnit.SECONDS), "never released");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    @Test
    void aBlockedTurnIsReportedOncePerEpisodeWithTheLoopStackAndCounted() throws Exception {
        loop.start();
        watchdog.start();
        CountDownLatch first = new CountDownLatch(1);
        loop.execute(() -> blockHere(first));
        awaitTrue(() -> reports.size() == 1, "the first report");
        Thread.sleep(5 * THRESHOLD_MS); // still the same episode: no second report
        assertEquals(1, reports.size());
        first.countDown();

        Report r = reports.get(0);
        assertEquals("watched-loop", r.loop());
        assertEquals(1, r.episode());
        assertTrue(r.blockedNanos() >= TimeUnit.MILLISECONDS.toNanos(THRESHOLD_MS), "reported early: " + r);
        assertTrue(Arrays.stream(r.stack()).anyMatch(e -> e.getMethodName().equals("blockHere")),
                "the stack shows what the loop runs: " + Arrays.toString(r.stack()));
        awaitTrue(() -> loop.info().blockedEvents() == 1, "the counter");

        CountDownLatch second = new CountDownLatch(1);
        loop.execute(() -> blockHere(second));
        awaitTrue(() -> reports.size() == 2, "the second episode");
        second.countDown();
        assertEquals(2, reports.get(1).episode());
        assertEquals(2, loop.info().blockedEvents());
    }

    @Test
    void anIdleLoopAndShortTasksAreNotReported() throws Exception {
        loop.start();
        watchdog.start();
        for (int i = 0; i < 20; i++) {
            loop.execute(() -> { });
            Thread.sleep(THRESHOLD_MS / 4);
        }
        Thread.sleep(5 * THRESHOLD_MS); // asleep in its poll all along
        assertEquals(List.of(), reports);
        assertEquals(0, loop.info().blockedEvents());
        awaitTrue(() -> loop.info().tasksRun() == 20, "20 tasks counted");
    }

    @Test
    void thresholdZeroTurnsItOffAndBackOn() throws Exception {
        loop.start();
        watchdog.threshold(0);
        watchdog.start();
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> blockHere(release));
        Thread.sleep(4 * THRESHOLD_MS);
        assertEquals(List.of(), reports, "off");
        watchdog.threshold(THRESHOLD_MS);
        awaitTrue(() -> reports.size() == 1, "a report once on again");
        release.countDown();
    }

    @Test
    void theLogReporterWritesAWarningWithoutFailing() {
        loop.start();
        BlockedLoopWatchdog.LOG_WARN.blocked(loop, TimeUnit.MILLISECONDS.toNanos(150),
                TimeUnit.MILLISECONDS.toNanos(THRESHOLD_MS), 1, Thread.currentThread().getStackTrace());
    }
}
