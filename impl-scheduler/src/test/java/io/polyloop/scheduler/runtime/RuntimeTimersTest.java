package io.polyloop.scheduler.runtime;

import io.polyloop.api.Deadline;
import io.polyloop.api.IoRuntime;
import io.polyloop.api.Task;
import io.polyloop.api.TaskTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The timer API on a real runtime, on the wall clock: bounds are one-sided (never early) or generous; the exact
 * timing is the wheel's, tested on a hand-driven clock in TimerWheelTest.
 */
@Timeout(30)
class RuntimeTimersTest extends RuntimeTestSupport {
    private static int timers(IoRuntime rt) {
        return rt.info().loops().get(0).timers();
    }

    @Test
    void cancellingASleepRemovesItsTimer() {
        IoRuntime rt = start(Map.of());
        Task<Void> sleep = rt.sleep(Duration.ofHours(1));
        awaitTrue(() -> timers(rt) == 1, "the timer to be pending");
        assertTrue(sleep.cancel());
        awaitTrue(() -> timers(rt) == 0, "the timer to be removed");
        assertEquals(Task.Status.CANCELLED, sleep.status());
    }

    @Test
    void timersCancelledOnTheLoopAreRemovedAtOnceEvenPastTheQueueCapacity() throws Exception {
        // Cancel hooks used to be posted to the loop's local queue: past queueCapacity (here 1024) they were refused
        // and the timers stayed in the wheel until their deadline. Now a cancel on the loop unlinks the timer itself.
        IoRuntime rt = start(Map.of("queueCapacity", 1024));
        int n = 5_000;
        int left = rt.submit(() -> {
            List<Task<Void>> sleeps = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sleeps.add(rt.sleep(Duration.ofHours(1)));
            }
            for (Task<Void> s : sleeps) {
                assertTrue(s.cancel());
            }
            return sleeps.size();
        }).get(10, TimeUnit.SECONDS);
        assertEquals(n, left);
        awaitTrue(() -> timers(rt) == 0, "the cancelled timers to be gone");
        Task<Void> cancelled = rt.sleep(Duration.ofHours(1));
        cancelled.cancel();
        assertThrows(CancellationException.class, cancelled::join);
    }

    @Test
    void sleepNeverEndsEarly() throws Exception {
        IoRuntime rt = start(Map.of());
        for (long ms : new long[] {0, 1, 7, 30}) {
            long before = System.nanoTime();
            rt.sleep(Duration.ofMillis(ms)).get(10, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - before >= TimeUnit.MILLISECONDS.toNanos(ms), "sleep(" + ms + " ms)");
        }
    }

    @Test
    void intervalTicksAtFixedRateUntilCancelled() throws Exception {
        IoRuntime rt = start(Map.of());
        long period = TimeUnit.MILLISECONDS.toNanos(15);
        List<long[]> ticks = new CopyOnWriteArrayList<>(); // {n, nanoTime}
        long before = System.nanoTime();
        Task<Void> interval = rt.interval(Duration.ofNanos(period), n -> {
            assertTrue(rt.inLoop());
            ticks.add(new long[] {n, System.nanoTime()});
        });
        awaitTrue(() -> ticks.size() >= 10, "ten ticks");
        assertTrue(interval.cancel());
        awaitTrue(() -> timers(rt) == 0, "the interval's timer to be removed");
        int count = ticks.size();
        Thread.sleep(5 * TimeUnit.NANOSECONDS.toMillis(period));
        assertEquals(count, ticks.size(), "no tick after cancel");
        long previous = 0;
        for (long[] t : ticks) {
            assertTrue(t[0] > previous, "tick numbers increase");
            assertTrue(t[1] - before >= t[0] * period, "tick " + t[0] + " came before its deadline");
            previous = t[0];
        }
        assertEquals(1, ticks.get(0)[0]);
        assertEquals(Task.Status.CANCELLED, interval.status());
    }

    @Test
    void intervalSkipsTheTicksALateLoopMissed() throws Exception {
        IoRuntime rt = start(Map.of());
        List<Long> numbers = new CopyOnWriteArrayList<>();
        Task<Void> interval = rt.interval(Duration.ofMillis(10), n -> {
            numbers.add(n);
            if (n == 1) {
                sleepOnTheLoop(55); // on purpose: ticks 2 to 6 pass while the loop is held
            }
        });
        awaitTrue(() -> numbers.size() >= 2, "a tick after the late one");
        interval.cancel();
        assertEquals(1, numbers.get(0));
        assertTrue(numbers.get(1) >= 7, "missed ticks are skipped, not fired in a burst: " + numbers);
    }

    private static void sleepOnTheLoop(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aTickThatThrowsStopsTheIntervalAndFailsItsTask() throws Exception {
        IoRuntime rt = start(Map.of());
        Task<Void> interval = rt.interval(Duration.ofMillis(5), n -> {
            if (n >= 3) { // not n == 3: a late loop may skip tick 3
                throw new IllegalStateException("tick 3 fails (expected by the test)");
            }
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> interval.get(10, TimeUnit.SECONDS));
        assertEquals("tick 3 fails (expected by the test)", e.getCause().getMessage());
        awaitTrue(() -> timers(rt) == 0, "no timer left");
    }

    @Test
    void intervalRejectsANonPositivePeriod() {
        IoRuntime rt = start(Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rt.interval(Duration.ZERO, n -> { }));
        assertTrue(e.getMessage().contains("interval period PT0S"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> rt.interval(Duration.ofMillis(-1), n -> { }));
    }

    @Test
    void closingTheRuntimeStopsAnInterval() throws Exception {
        IoRuntime rt = start(Map.of());
        Task<Void> interval = rt.interval(Duration.ofMillis(5), n -> { });
        closeRuntime();
        assertThrows(CancellationException.class, () -> interval.get(5, TimeUnit.SECONDS));
    }

    @Test
    void timeoutFailsWithTaskTimeoutExceptionAndCancelsTheInnerTask() {
        IoRuntime rt = start(Map.of());
        Task<Void> inner = rt.sleep(Duration.ofHours(1));
        Task<Void> bounded = rt.timeout(Duration.ofMillis(30), inner);
        CompletionException e = assertThrows(CompletionException.class, bounded::join);
        TaskTimeoutException timeout = assertInstanceOf(TaskTimeoutException.class, e.getCause());
        assertEquals(Duration.ofMillis(30), timeout.limit());
        assertTrue(timeout.getMessage().contains("PT0.03S"), timeout.getMessage());
        awaitTrue(inner::isCancelled, "the inner task to be cancelled");
        awaitTrue(() -> timers(rt) == 0, "both timers to be removed");
    }

    @Test
    void timeoutPassesAResultOnAndRemovesItsTimer() throws Exception {
        IoRuntime rt = start(Map.of());
        Task<Integer> bounded = rt.timeout(Duration.ofSeconds(30), rt.schedule(() -> 42, Duration.ofMillis(5)));
        assertEquals(42, bounded.get(10, TimeUnit.SECONDS));
        awaitTrue(() -> timers(rt) == 0, "the 30 s timer to be removed");
    }

    @Test
    void timeoutPassesAFailureOnAsItIs() {
        IoRuntime rt = start(Map.of());
        Task<Object> failing = rt.submit(() -> {
            throw new IOException("inner failure (expected by the test)");
        });
        CompletionException e = assertThrows(CompletionException.class,
                () -> rt.timeout(Duration.ofSeconds(30), failing).join());
        assertInstanceOf(IOException.class, e.getCause());
        awaitTrue(() -> timers(rt) == 0, "the timer to be removed");
    }

    @Test
    void cancellingATimeoutCancelsTheInnerTaskAndTheTimer() {
        IoRuntime rt = start(Map.of());
        Task<Void> inner = rt.sleep(Duration.ofHours(1));
        Task<Void> bounded = rt.timeout(Duration.ofHours(1), inner);
        awaitTrue(() -> timers(rt) == 2, "two timers");
        assertTrue(bounded.cancel());
        awaitTrue(inner::isCancelled, "the inner task to be cancelled");
        awaitTrue(() -> timers(rt) == 0, "both timers to be removed");
    }

    @Test
    void deadlineTellsExpiredAndRemaining() throws Exception {
        IoRuntime rt = start(Map.of());
        Deadline d = rt.deadline(Duration.ofMillis(40));
        assertFalse(d.expired());
        assertTrue(d.remaining().compareTo(Duration.ofMillis(40)) <= 0);
        Thread.sleep(50);
        assertTrue(d.expired());
        assertEquals(Duration.ZERO, d.remaining());
        assertTrue(rt.deadline(Duration.ZERO).expired());
        assertFalse(rt.deadline(Duration.ofDays(365 * 500)).expired(), "a very long limit does not overflow");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rt.deadline(Duration.ofMillis(-1)));
        assertTrue(e.getMessage().contains("PT-0.001S"), e.getMessage());
    }

    @Test
    void aCoarseTickStillNeverFiresEarlyAndCanChangeWhileTimersWait() throws Exception {
        PolyloopRuntime rt = (PolyloopRuntime) start(Map.of("timerTickMillis", 20));
        long before = System.nanoTime();
        Task<Void> pending = rt.sleep(Duration.ofMillis(150));
        rt.sleep(Duration.ofMillis(25)).get(10, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - before >= TimeUnit.MILLISECONDS.toNanos(25));
        assertTrue(rt.applyProperties(Map.of("timerTickMillis", 3)));
        pending.get(10, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - before >= TimeUnit.MILLISECONDS.toNanos(150), "re-ticked timer fired early");
        assertFalse(rt.applyProperties(Map.of("timerTickMillis", 0)));
        assertTrue(rt.info().lastRejection().contains("timerTickMillis"), rt.info().lastRejection());
    }
}
