package io.polyloop.scheduler.timer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wheel on a hand-driven clock: deterministic, and in no wall-clock time. */
@Timeout(30)
class TimerWheelTest {
    private static final long MS = 1_000_000;
    /** An origin close to overflow, so every test also checks that times are compared by difference. */
    private static final long START = Long.MAX_VALUE - 1_000 * MS;

    private final ManualClock clock = new ManualClock(START);
    private final TimerWheel wheel = new TimerWheel(clock, MS);

    /** Sleeps until the wheel's next deadline and expires, as a loop does, until no timer is left. */
    private int runUntilEmpty(int maxWakeups) {
        int wakeups = 0;
        while (wheel.size() > 0) {
            assertTrue(++wakeups <= maxWakeups, "more than " + maxWakeups + " wake-ups; " + wheel.size() + " left");
            long wait = wheel.nanosUntilNext(clock.nanoTime());
            assertTrue(wait >= 0);
            clock.advance(wait);
            wheel.expire(clock.nanoTime(), Integer.MAX_VALUE, Runnable::run);
        }
        return wakeups;
    }

    private long expectedFire(long deadline) {
        long rel = deadline - START;
        return rel <= 0 ? START : START + ((rel + MS - 1) / MS) * MS;
    }

    @Test
    void firesInTickOrderWithTiesInInsertionOrder() {
        List<String> fired = new ArrayList<>();
        wheel.schedule(START + 30 * MS, () -> fired.add("c"), null);
        wheel.schedule(START + 10 * MS, () -> fired.add("a1"), null);
        wheel.schedule(START + 10 * MS - 1, () -> fired.add("a2"), null); // same tick, later insertion
        wheel.schedule(START + 20 * MS, () -> fired.add("b"), null);
        assertEquals(10 * MS, wheel.nanosUntilNext(START));
        assertEquals(0, wheel.expire(START + 10 * MS - 1, 100, Runnable::run), "nothing fires before its deadline");
        assertEquals(2, wheel.expire(START + 15 * MS, 100, Runnable::run));
        assertEquals(List.of("a1", "a2"), fired);
        assertEquals(5 * MS, wheel.nanosUntilNext(START + 15 * MS));
        assertEquals(2, wheel.expire(START + 100 * MS, 100, Runnable::run));
        assertEquals(List.of("a1", "a2", "b", "c"), fired);
        assertEquals(-1, wheel.nanosUntilNext(START + 100 * MS));
        assertEquals(0, wheel.size());
    }

    @Test
    void aDeadlineInsideATickWaitsForTheTickBoundaryNeverLess() {
        clock.advance(MS / 3);
        List<Long> firedAt = new ArrayList<>();
        long deadline = clock.nanoTime() + MS / 2; // lies inside tick 1
        wheel.schedule(deadline, () -> firedAt.add(clock.nanoTime()), null);
        assertEquals(START + MS - clock.nanoTime(), wheel.nanosUntilNext(clock.nanoTime()));
        runUntilEmpty(5);
        assertEquals(List.of(START + MS), firedAt);
        assertTrue(firedAt.get(0) - deadline >= 0 && firedAt.get(0) - deadline < MS);
    }

    @Test
    void pastAndZeroDeadlinesFireOnTheNextExpire() {
        clock.advance(50 * MS);
        wheel.expire(clock.nanoTime(), 10, Runnable::run);
        List<String> fired = new ArrayList<>();
        wheel.schedule(clock.nanoTime() - 20 * MS, () -> fired.add("past"), null);
        wheel.schedule(clock.nanoTime(), () -> fired.add("now"), null);
        wheel.schedule(START - 5 * MS, () -> fired.add("before origin"), null);
        assertEquals(0, wheel.nanosUntilNext(clock.nanoTime()));
        assertEquals(3, wheel.expire(clock.nanoTime(), 10, Runnable::run));
        assertEquals(List.of("past", "now", "before origin"), fired);
    }

    /** Delays that land on both sides of every level boundary, and past the reach of all levels. */
    @Test
    void timersCascadeAcrossEveryLevelAndFireOnTheirTick() {
        List<Long> delays = new ArrayList<>();
        for (int level = 0; level <= TimerWheel.LEVELS; level++) {
            long boundary = 1L << (6 * level);
            delays.add(boundary - 1);
            delays.add(boundary);
            delays.add(boundary + 1);
            delays.add(3 * boundary + 17);
        }
        delays.add(5L << 36); // five times the wheel's reach
        List<long[]> fired = new ArrayList<>();
        for (long d : delays) {
            long deadline = START + d * MS - MS / 2; // inside the tick: rounds up to tick d
            wheel.schedule(deadline, () -> fired.add(new long[] {d, clock.nanoTime()}), null);
        }
        runUntilEmpty(10_000);
        assertEquals(delays.size(), fired.size());
        long previous = -1;
        for (long[] f : fired) {
            assertEquals(START + f[0] * MS, f[1], "timer of " + f[0] + " ticks fired at the wrong time");
            assertTrue(f[0] >= previous, "fired out of order");
            previous = f[0];
        }
    }

    /** The wheel's position is just below the levels' range boundary, where slots wrap into the next rotation. */
    @Test
    void timersAcrossTheTopLevelWrapFireOnTheirTick() {
        long span = 1L << 36;
        clock.set(START + (span - 3) * MS);
        wheel.expire(clock.nanoTime(), 1, Runnable::run); // the wheel's position moves to tick span - 3
        long now = clock.nanoTime();
        long[] delays = {1, 2, 3, 4, 64, 100, 4096, 1L << 30, (1L << 30) + 5, span - 1, span, span + 1, 3 * span};
        List<long[]> fired = new ArrayList<>();
        for (long d : delays) {
            wheel.schedule(now + d * MS, () -> fired.add(new long[] {d, clock.nanoTime()}), null);
        }
        runUntilEmpty(10_000);
        assertEquals(delays.length, fired.size());
        for (int i = 0; i < delays.length; i++) {
            assertEquals(delays[i], fired.get(i)[0]);
            assertEquals(now + delays[i] * MS, fired.get(i)[1], "delay " + delays[i]);
        }
    }

    @Test
    void aHundredYearTimerCostsFewWakeupsAndDoesNotFireEarly() {
        long hundredYears = 100L * 365 * 24 * 3600 * 1000 * MS;
        boolean[] fired = new boolean[1];
        wheel.schedule(START + hundredYears, () -> fired[0] = true, null);
        long tenYears = hundredYears / 10;
        int wakeups = 0;
        while (clock.nanoTime() - START < tenYears) {
            clock.advance(wheel.nanosUntilNext(clock.nanoTime()));
            wheel.expire(clock.nanoTime(), Integer.MAX_VALUE, Runnable::run);
            wakeups++;
        }
        assertFalse(fired[0]);
        assertTrue(wakeups < 400, wakeups + " wake-ups for ten years of one timer"); // one per 2^30 ticks (12 days)
        int rest = runUntilEmpty(10_000);
        assertTrue(fired[0]);
        assertEquals(START + hundredYears, clock.nanoTime());
        assertTrue(rest < 4000, rest + " wake-ups");
    }

    @Test
    void cancelIsO1AndRemovesTheTimerWhereverItWaits() {
        List<String> fired = new ArrayList<>();
        Timer near = wheel.schedule(START + 5 * MS, () -> fired.add("near"), null);
        Timer far = wheel.schedule(START + 100_000 * MS, () -> fired.add("far"), null);
        Timer kept = wheel.schedule(START + 100_000 * MS, () -> fired.add("kept"), null);
        assertTrue(wheel.cancel(near));
        assertFalse(near.isPending());
        assertFalse(wheel.cancel(near), "second cancel is a no-op");
        assertTrue(wheel.cancel(far));
        assertEquals(1, wheel.size());
        long wait = wheel.nanosUntilNext(START); // the start of the level-2 slot holding 'kept'
        assertTrue(wait > 5 * MS && wait <= 100_000 * MS, "wait " + wait);
        runUntilEmpty(100);
        assertEquals(List.of("kept"), fired);
        assertFalse(kept.isPending());
        assertFalse(wheel.cancel(kept), "a fired timer cannot be cancelled");
    }

    @Test
    void anEmptySlotNoLongerWakesTheLoop() {
        Timer t = wheel.schedule(START + 5 * MS, () -> { }, null);
        wheel.schedule(START + 9 * MS, () -> { }, null);
        assertEquals(5 * MS, wheel.nanosUntilNext(START));
        wheel.cancel(t);
        assertEquals(9 * MS, wheel.nanosUntilNext(START));
    }

    @Test
    void actionsMayCancelTimersDueInTheSameExpiry() {
        List<String> fired = new ArrayList<>();
        Timer[] victims = new Timer[3];
        Timer[] self = new Timer[1];
        boolean[] selfCancel = new boolean[1];
        self[0] = wheel.schedule(START + 10 * MS, () -> {
            fired.add("first");
            selfCancel[0] = wheel.cancel(self[0]);
            assertTrue(wheel.cancel(victims[0]));
            assertTrue(wheel.cancel(victims[1]));
            assertTrue(wheel.cancel(victims[2]));
        }, null);
        victims[0] = wheel.schedule(START + 10 * MS, () -> fired.add("same tick"), null);
        victims[1] = wheel.schedule(START + 11 * MS, () -> fired.add("next tick"), null);
        victims[2] = wheel.schedule(START + 5_000 * MS, () -> fired.add("later level"), null);
        wheel.schedule(START + 10 * MS, () -> fired.add("survivor"), null);
        wheel.expire(START + 20 * MS, 100, Runnable::run);
        assertFalse(selfCancel[0], "a firing timer is no longer pending");
        assertEquals(List.of("first", "survivor"), fired);
        assertEquals(0, wheel.size());
        assertEquals(-1, wheel.nanosUntilNext(START + 20 * MS));
    }

    @Test
    void actionsMayScheduleAndDueOnesFireInTheSameExpiryInTickOrder() {
        List<String> fired = new ArrayList<>();
        wheel.schedule(START + MS, () -> {
            fired.add("a");
            wheel.schedule(clock.nanoTime() - 1, () -> fired.add("due"), null);
            wheel.schedule(START + 3 * MS, () -> fired.add("due later in the window"), null); // tick 3 < tick 10
            wheel.schedule(START + 50 * MS, () -> fired.add("future"), null);
        }, null);
        clock.set(START + 10 * MS);
        assertEquals(3, wheel.expire(clock.nanoTime(), 100, Runnable::run));
        assertEquals(List.of("a", "due later in the window", "due"), fired, "tick 3 before tick 10");
        assertEquals(1, wheel.size());
    }

    @Test
    void expiryIsBoundedByTheBudgetAndTheRestStaysDueInOrder() {
        List<Integer> fired = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int n = i;
            wheel.schedule(START + (1 + i % 7) * MS, () -> fired.add(n), null);
        }
        long now = START + 10 * MS;
        int calls = 0;
        while (wheel.size() > 0) {
            int n = wheel.expire(now, 64, Runnable::run);
            assertTrue(n <= 64);
            calls++;
            if (wheel.size() > 0) {
                assertEquals(0, wheel.nanosUntilNext(now), "what the budget left must wake the loop at once");
            }
        }
        assertEquals(16, calls);
        assertEquals(1000, fired.size());
        List<Integer> expected = new ArrayList<>();
        for (int tick = 1; tick <= 7; tick++) {
            for (int i = 0; i < 1000; i++) {
                if (1 + i % 7 == tick) {
                    expected.add(i);
                }
            }
        }
        assertEquals(expected, fired, "tick order, then insertion order, across budget-limited calls");
    }

    @Test
    void aTimerLeftDueByTheBudgetCanStillBeCancelled() {
        List<String> fired = new ArrayList<>();
        wheel.schedule(START + MS, () -> fired.add("a"), null);
        Timer b = wheel.schedule(START + MS, () -> fired.add("b"), null);
        assertEquals(1, wheel.expire(START + MS, 1, Runnable::run));
        assertTrue(b.isPending());
        assertTrue(wheel.cancel(b));
        assertEquals(0, wheel.expire(START + MS, 10, Runnable::run));
        assertEquals(List.of("a"), fired);
    }

    @Test
    void clearRunsDiscardActionsAndKeepsTimersTheyAdd() {
        List<String> discarded = new ArrayList<>();
        wheel.schedule(START + 5 * MS, () -> { }, () -> discarded.add("near"));
        wheel.schedule(START + 50_000 * MS, () -> { }, () -> {
            discarded.add("far");
            wheel.schedule(START + MS, () -> { }, null);
        });
        Timer noDiscard = wheel.schedule(START + 6 * MS, () -> { }, null);
        assertEquals(3, wheel.clear(Runnable::run));
        assertEquals(List.of("near", "far"), discarded);
        assertFalse(noDiscard.isPending());
        assertEquals(1, wheel.size());
    }

    @Test
    void retickKeepsEveryDeadline() {
        List<Long> firedAt = new ArrayList<>();
        long[] deadlines = {START + 3 * MS, START + 3 * MS + 1, START + 70 * MS, START + 5_000 * MS + 7};
        for (long d : deadlines) {
            wheel.schedule(d, () -> firedAt.add(clock.nanoTime()), null);
        }
        clock.advance(MS / 4);
        wheel.retick(MS / 10);
        assertEquals(MS / 10, wheel.tickNanos());
        assertEquals(4, wheel.size());
        runUntilEmpty(1000);
        for (int i = 0; i < deadlines.length; i++) {
            long late = firedAt.get(i) - deadlines[i];
            assertTrue(late >= 0 && late < MS / 10, "deadline " + i + " fired " + late + " ns late");
        }
        assertThrows(IllegalArgumentException.class, () -> wheel.retick(0));
    }

    /** A fixed-rate schedule on the wheel: tick n fires within one wheel tick of start + n * period, for ever. */
    @Test
    void aFixedRateScheduleDoesNotDrift() {
        long period = 7 * MS + 300_000; // not a multiple of the tick
        long start = clock.nanoTime();
        List<long[]> ticks = new ArrayList<>(); // {tick number, lateness}
        long[] current = {1};
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            long now = clock.nanoTime();
            ticks.add(new long[] {current[0], now - FixedRate.deadline(start, period, current[0])});
            current[0] = FixedRate.nextTick(start, period, current[0], now);
            if (ticks.size() < 10_000) {
                wheel.schedule(FixedRate.deadline(start, period, current[0]), tick[0], null);
            }
        };
        wheel.schedule(FixedRate.deadline(start, period, 1), tick[0], null);
        runUntilEmpty(100_000);
        assertEquals(10_000, ticks.size());
        for (int i = 0; i < ticks.size(); i++) {
            assertEquals(i + 1, ticks.get(i)[0], "no tick skipped when the loop is on time");
            long late = ticks.get(i)[1];
            assertTrue(late >= 0 && late < MS, "tick " + (i + 1) + " fired " + late + " ns after its deadline");
        }
    }

    @Test
    void fixedRateSkipsMissedTicks() {
        long p = 10;
        assertEquals(1, FixedRate.nextTick(0, p, 0, 3));
        assertEquals(2, FixedRate.nextTick(0, p, 1, 10));
        assertEquals(2, FixedRate.nextTick(0, p, 1, 19));
        assertEquals(5, FixedRate.nextTick(0, p, 1, 45), "ticks 2, 3 and 4 are past: skipped");
        assertEquals(6, FixedRate.nextTick(0, p, 1, 50));
        assertEquals(100, FixedRate.deadline(0, p, 10));
        assertThrows(IllegalArgumentException.class, () -> FixedRate.nextTick(0, 0, 0, 0));
    }

    @Test
    void rejectsANonPositiveTick() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TimerWheel(clock, 0));
        assertTrue(e.getMessage().contains("0 ns"), e.getMessage());
    }

    /** A timer that is its own action, as the runtime's timer tasks are. */
    private static final class CountingTimer extends Timer {
        int fired;

        @Override
        public void run() {
            fired++;
        }
    }

    @Test
    void aTimerThatIsItsOwnActionCanBeScheduledAgainButNotTwiceAtOnce() {
        CountingTimer t = new CountingTimer();
        wheel.schedule(t, START + 5 * MS);
        assertTrue(t.isPending());
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> wheel.schedule(t, START));
        assertTrue(twice.getMessage().contains("already pending"), twice.getMessage());
        assertEquals(1, wheel.size());
        assertEquals(1, wheel.expire(START + 5 * MS, 100, Runnable::run));
        assertEquals(1, t.fired);
        assertFalse(t.isPending());
        wheel.schedule(t, START + 70 * MS); // the same node again, further out (level 1): no allocation
        assertEquals(START + 70 * MS, t.deadlineNanos());
        assertTrue(wheel.cancel(t));
        assertFalse(wheel.cancel(t), "a cancelled timer is not pending");
        wheel.schedule(t, START + 80 * MS);
        assertEquals(0, wheel.expire(START + 79 * MS, 100, Runnable::run));
        assertEquals(1, wheel.expire(START + 80 * MS, 100, Runnable::run));
        assertEquals(2, t.fired);
        assertEquals(0, wheel.size());
        assertEquals(null, wheel.checkInvariants());
    }

    @Test
    void clearRunsTheDiscardOfATimerThatIsItsOwnAction() {
        List<String> discarded = new ArrayList<>();
        Timer t = new Timer() {
            @Override
            public void run() {
                throw new AssertionError("a cleared timer must not fire");
            }

            @Override
            public Runnable discard() {
                return () -> discarded.add("dropped");
            }
        };
        wheel.schedule(t, START + 3 * MS);
        assertEquals(1, wheel.clear(Runnable::run));
        assertEquals(List.of("dropped"), discarded);
        assertFalse(t.isPending());
    }
}
