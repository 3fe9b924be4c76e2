package io.polyloop.scheduler.timer;

import java.util.Arrays;
import java.util.Objects;

/**
 * The timers of one loop: a hierarchical timing wheel of {@value #LEVELS} levels × {@value #SLOTS} slots (the
 * layout of Tokio's and Kafka's wheels). Level {@code L} holds timers due within {@code 64^(L+1)} ticks, one slot
 * per {@code 64^L} ticks; 6 levels of 1 ms ticks reach 2.2 years, and a timer further out waits in an overflow
 * list that is placed again each time the top level moves one slot (every 2^30 ticks: 12 days at 1 ms). Not
 * thread safe: loop only.
 *
 * <ul>
 *   <li>insert and cancel are O(1): each slot is an intrusive doubly linked list of {@link Timer}s, so scheduling
 *       allocates the {@code Timer} and nothing else (nothing at all for a subclass that is its own action), and a
 *       cancelled timer is unlinked at once, not left for its deadline;</li>
 *   <li>finding the next deadline is O(levels): one occupancy bitmap per level;</li>
 *   <li>a timer fires at the first tick boundary at or after its deadline, never before it, and at most one tick
 *       after it when the loop expires on time; timers due in the same tick fire in insertion order;</li>
 *   <li>ticks count from one origin, so rounding never accumulates: a schedule of absolute deadlines
 *       ({@link FixedRate}) does not drift;</li>
 *   <li>{@link #expire} fires at most a budget of timers per call; the rest stay due, so a timer storm cannot
 *       starve the loop's I/O.</li>
 * </ul>
 *
 * <p>Expiry moves a higher-level slot's timers down a level when the slot's time comes (cascading): each timer
 * moves at most {@value #LEVELS} times in its life.
 */
public final class TimerWheel {
    public static final int LEVELS = 6;
    public static final int SLOTS = 64;
    private static final int SLOT_BITS = 6;
    private static final int SLOT_MASK = SLOTS - 1;
    /** Ticks the levels can tell apart: one rotation of the top level. */
    private static final long SPAN_TICKS = 1L << (LEVELS * SLOT_BITS);
    /** Ticks of one top-level slot. */
    private static final long TOP_SLOT_TICKS = SPAN_TICKS / SLOTS;
    /** The list of timers whose tick has passed, fired in order under the budget of {@link #expire}. */
    private static final int DUE = LEVELS * SLOTS;
    /** The list of timers beyond the top level's reach, placed again each time the top level moves a slot. */
    private static final int OVERFLOW = DUE + 1;
    /**
     * Deadlines more than this (146 years) after the wheel's origin fire at that point instead: tick arithmetic
     * must not overflow.
     */
    public static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 2;

    private final NanoClock clock;
    private final Timer[] heads = new Timer[OVERFLOW + 1];
    private final Timer[] tails = new Timer[OVERFLOW + 1];
    private final long[] occupied = new long[LEVELS];
    private long tickNanos;
    private long origin;
    /** Every timer with {@code tick <= elapsed} is in the DUE list. */
    private long elapsed;
    private int size;
    /** Output of {@link #nextExpiration()}, kept in fields so that the hot path allocates nothing. */
    private int nextLevel;
    private int nextSlot;

    public TimerWheel(NanoClock clock, long tickNanos) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tickNanos = checkTick(tickNanos);
        this.origin = clock.nanoTime();
    }

    private static long checkTick(long tickNanos) {
        if (tickNanos <= 0) {
            throw new IllegalArgumentException("timer tick " + tickNanos + " ns must be positive");
        }
        return tickNanos;
    }

    public NanoClock clock() {
        return clock;
    }

    public long tickNanos() {
        return tickNanos;
    }

    public int size() {
        return size;
    }

    /**
     * @param deadlineNanos a value of this wheel's clock; one already past fires on the next {@link #expire}
     * @param action        runs when the deadline passes
     * @param discard       runs instead if the timer is dropped by {@link #clear} (its loop shuts down); may be null
     */
    public Timer schedule(long deadlineNanos, Runnable action, Runnable discard) {
        Timer t = new ActionTimer(Objects.requireNonNull(action, "action"), discard);
        schedule(t, deadlineNanos);
        return t;
    }

    /**
     * Schedules a timer that is its own action (a subclass of {@link Timer}); one that fired or was cancelled may be
     * scheduled again. Allocates nothing.
     *
     * @param deadlineNanos a value of this wheel's clock; one already past fires on the next {@link #expire}
     * @throws IllegalStateException if {@code t} is pending (here or in another wheel)
     */
    public void schedule(Timer t, long deadlineNanos) {
        if (t.list != Timer.NONE) {
            throw new IllegalStateException(t + " is already pending; cancel it before scheduling it again");
        }
        t.deadlineNanos = deadlineNanos;
        t.tick = tickOf(deadlineNanos);
        place(t);
        size++;
    }

    /** @return true if the timer was pending here and is now removed; false if it fired or was cancelled */
    public boolean cancel(Timer t) {
        if (t.list == Timer.NONE) {
            return false;
        }
        assert heads[t.list] != null : "timer " + t + " is not in this wheel";
        unlink(t);
        size--;
        return true;
    }

    /** @return nanoseconds until the loop must call {@link #expire} again (0 if now), or -1 if there is no timer */
    public long nanosUntilNext(long nowNanos) {
        if (size == 0) {
            return -1;
        }
        if (heads[DUE] != null) {
            return 0;
        }
        long tick = nextExpiration();
        assert tick >= 0 : "size " + size + " but no slot occupied";
        return Math.max(0, origin + tick * tickNanos - nowNanos);
    }

    /**
     * Fires the timers due at {@code nowNanos}, earliest tick first, at most {@code max} of them; the rest stay due
     * for the next call. Actions may schedule and cancel timers; a new timer that is already due fires in the same
     * call if the budget allows.
     *
     * @return the number of timers fired
     */
    public int expire(long nowNanos, int max, TimerRunner runner) {
        long rel = nowNanos - origin;
        long nowTick = rel < 0 ? -1 : rel / tickNanos;
        int fired = 0;
        while (true) {
            Timer t;
            while (fired < max && (t = heads[DUE]) != null) {
                unlink(t);
                size--;
                fired++;
                runner.run(t);
            }
            if (fired >= max) {
                return fired;
            }
            long next = nextExpiration();
            if (next < 0 || next > nowTick) {
                // No slot starts before now: time can jump to now without skipping any (see nextExpiration).
                if (nowTick > elapsed) {
                    advanceTo(nowTick);
                }
                return fired;
            }
            advanceTo(next);
            if (nextLevel >= 0) {
                cascade(nextLevel, nextSlot);
            }
        }
    }

    /** Runs a timer's action with the loop's isolation of failures. */
    @FunctionalInterface
    public interface TimerRunner {
        void run(Runnable action);
    }

    /**
     * Removes every timer without running its action; runs its discard action instead, through {@code runner}.
     * Timers that discard actions schedule stay scheduled.
     *
     * @return the number of timers removed
     */
    public int clear(TimerRunner runner) {
        int n = size;
        Timer chain = detachAll();
        while (chain != null) {
            Timer t = chain;
            chain = t.next;
            t.next = null;
            Runnable discard = t.discard();
            if (discard != null) {
                runner.run(discard);
            }
        }
        return n;
    }

    /**
     * Removes every pending timer without running anything, for a move to another loop's wheel ({@link #adopt}):
     * a loop retired by a live change of {@code threads} hands its timers over. O(pending timers).
     *
     * @return the timers, each keeping its identity (holders cancel them by reference) and deadline
     */
    public java.util.List<Timer> takeAll() {
        java.util.List<Timer> out = new java.util.ArrayList<>(size);
        Timer chain = detachAll();
        while (chain != null) {
            Timer t = chain;
            chain = t.next;
            t.next = null;
            out.add(t);
        }
        return out;
    }

    /** Takes a timer another wheel gave up with {@link #takeAll()}; it keeps its deadline (same clock). */
    public void adopt(Timer t) {
        if (t.list != Timer.NONE) {
            throw new IllegalStateException(t + " is still pending in a wheel");
        }
        t.tick = tickOf(t.deadlineNanos);
        place(t);
        size++;
    }

    /**
     * Changes the tick: every pending timer keeps its deadline and is placed again at the new resolution.
     * O(pending timers).
     */
    public void retick(long newTickNanos) {
        checkTick(newTickNanos);
        if (newTickNanos == tickNanos) {
            return;
        }
        int n = size;
        Timer chain = detachAll();
        tickNanos = newTickNanos;
        origin = clock.nanoTime();
        elapsed = 0;
        while (chain != null) {
            Timer t = chain;
            chain = t.next;
            t.next = null;
            t.tick = tickOf(t.deadlineNanos);
            place(t);
        }
        size = n;
    }

    /**
     * For tests: checks what expiry relies on, by brute force. O(timers).
     *
     * @return null if every waiting timer is due after the wheel's position and no earlier than the slot that
     *         {@link #nanosUntilNext} reports, else what is wrong
     */
    String checkInvariants() {
        long next = nextExpiration();
        int counted = 0;
        for (int i = 0; i <= OVERFLOW; i++) {
            for (Timer t = heads[i]; t != null; t = t.next) {
                counted++;
                if (t.list != i) {
                    return t + " is in list " + i;
                }
                if (i != DUE && (t.tick <= elapsed || next < 0 || next > t.tick)) {
                    return t + " in list " + i + ": position " + elapsed + ", next slot starts at " + next;
                }
                if (i == OVERFLOW && t.tick < reach()) {
                    return t + " waits in overflow but is within reach " + reach();
                }
            }
            if (i < DUE && (heads[i] != null) != ((occupied[i >>> SLOT_BITS] & (1L << (i & SLOT_MASK))) != 0)) {
                return "occupancy bit of list " + i + " is wrong";
            }
        }
        return counted == size ? null : counted + " timers in lists, size " + size;
    }

    // ------------------------------------------------------------------ internals

    /** Moves the wheel's position; entering a new top-level slot brings overflow timers into reach. */
    private void advanceTo(long tick) {
        long before = elapsed;
        elapsed = tick;
        if (heads[OVERFLOW] != null && before / TOP_SLOT_TICKS != tick / TOP_SLOT_TICKS) {
            Timer t = heads[OVERFLOW];
            heads[OVERFLOW] = null;
            tails[OVERFLOW] = null;
            while (t != null) {
                Timer next = t.next;
                t.prev = null;
                t.next = null;
                place(t); // in order: timers of one tick keep their insertion order
                t = next;
            }
        }
    }

    /** @return the first tick boundary at or after {@code deadlineNanos}, counted from the origin (>= 0) */
    private long tickOf(long deadlineNanos) {
        long rel = deadlineNanos - origin;
        if (rel <= 0) {
            return 0;
        }
        rel = Math.min(rel, MAX_DELAY_NANOS);
        return (rel - 1) / tickNanos + 1;
    }

    private void place(Timer t) {
        long when = t.tick;
        if (when <= elapsed) {
            append(DUE, t);
            return;
        }
        if (when >= reach()) {
            // Parking it in some top-level slot and placing it again from there would let timers of one tick
            // overtake each other (their parking slots depend on when each was scheduled): wait in one FIFO.
            append(OVERFLOW, t);
            return;
        }
        int level = levelFor(elapsed, when);
        int slot = (int) (when >>> (level * SLOT_BITS)) & SLOT_MASK;
        append(level * SLOTS + slot, t);
        occupied[level] |= 1L << slot;
    }

    /**
     * @return the first tick the levels cannot hold: the end of the current top-level slot's next rotation (the
     *         current slot itself has been cascaded, so it holds the ticks one rotation ahead)
     */
    private long reach() {
        return (elapsed & -TOP_SLOT_TICKS) + SPAN_TICKS + TOP_SLOT_TICKS;
    }

    /**
     * The level whose slot size matches the highest tick digit in which {@code when} differs from {@code elapsed}:
     * the timer then lies in a later slot of that level than the current one. A timer whose tick crosses the
     * levels' range boundary goes to the top level (Tokio's rule), in a slot of the level's next rotation.
     */
    private static int levelFor(long elapsed, long when) {
        long masked = (elapsed ^ when) | SLOT_MASK;
        if (masked >= SPAN_TICKS) {
            masked = SPAN_TICKS - 1;
        }
        int significant = 63 - Long.numberOfLeadingZeros(masked);
        return significant / SLOT_BITS;
    }

    /**
     * Finds the earliest occupied slot. Every timer of level {@code L} lies within the current slot of level
     * {@code L + 1}, so the first level with a timer has the earliest slot. Within a level the slots after the
     * current one come up in this rotation; the current slot and those before it, only in the next: the current
     * slot is cascaded as soon as time reaches it, so what it holds now lies one rotation ahead.
     *
     * @return the tick at which that slot starts (and stores level and slot in fields), or -1 if none
     */
    private long nextExpiration() {
        for (int level = 0; level < LEVELS; level++) {
            long occ = occupied[level];
            if (occ == 0) {
                continue;
            }
            int shift = level * SLOT_BITS;
            int current = (int) (elapsed >>> shift) & SLOT_MASK;
            int slot = (Long.numberOfTrailingZeros(Long.rotateRight(occ, current + 1)) + current + 1) & SLOT_MASK;
            long levelRange = 1L << (shift + SLOT_BITS);
            long start = (elapsed & -levelRange) + ((long) slot << shift);
            if (slot <= current) {
                start += levelRange;
            }
            nextLevel = level;
            nextSlot = slot;
            return start;
        }
        if (heads[OVERFLOW] != null) {
            nextLevel = -1; // nothing to cascade: the next top-level slot brings overflow timers into reach
            return (elapsed & -TOP_SLOT_TICKS) + TOP_SLOT_TICKS;
        }
        return -1;
    }

    /** Moves the timers of one slot whose time has come to lower levels or to the due list, in order. */
    private void cascade(int level, int slot) {
        int index = level * SLOTS + slot;
        Timer t = heads[index];
        heads[index] = null;
        tails[index] = null;
        occupied[level] &= ~(1L << slot);
        while (t != null) {
            Timer next = t.next;
            t.prev = null;
            t.next = null;
            place(t);
            t = next;
        }
    }

    /** Empties the wheel; returns its timers chained through {@code next}, marked not pending. */
    private Timer detachAll() {
        Timer chain = null;
        for (int i = 0; i <= OVERFLOW; i++) {
            Timer t = heads[i];
            while (t != null) {
                Timer next = t.next;
                t.list = Timer.NONE;
                t.prev = null;
                t.next = chain;
                chain = t;
                t = next;
            }
            heads[i] = null;
            tails[i] = null;
        }
        Arrays.fill(occupied, 0);
        size = 0;
        return reverse(chain);
    }

    private static Timer reverse(Timer chain) {
        Timer reversed = null;
        while (chain != null) {
            Timer next = chain.next;
            chain.next = reversed;
            reversed = chain;
            chain = next;
        }
        return reversed;
    }

    private void append(int index, Timer t) {
        t.list = index;
        Timer tail = tails[index];
        t.prev = tail;
        t.next = null;
        if (tail == null) {
            heads[index] = t;
        } else {
            tail.next = t;
        }
        tails[index] = t;
    }

    private void unlink(Timer t) {
        int index = t.list;
        Timer prev = t.prev;
        Timer next = t.next;
        if (prev == null) {
            heads[index] = next;
        } else {
            prev.next = next;
        }
        if (next == null) {
            tails[index] = prev;
        } else {
            next.prev = prev;
        }
        if (heads[index] == null && index < DUE) {
            occupied[index >>> SLOT_BITS] &= ~(1L << (index & SLOT_MASK));
        }
        t.list = Timer.NONE;
        t.prev = null;
        t.next = null;
    }
}
