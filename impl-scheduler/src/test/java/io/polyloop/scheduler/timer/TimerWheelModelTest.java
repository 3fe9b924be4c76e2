package io.polyloop.scheduler.timer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random schedules, cancels, clock jumps and budget-limited expiries against a sorted reference: a timer is due
 * once the clock reaches the first tick boundary at or after its deadline, and due timers fire by tick, then by
 * insertion. Delays span every level of the wheel.
 */
@Timeout(60)
class TimerWheelModelTest {
    private static final long TICK = 1_000;

    /** One model entry: what the wheel must do with one timer. */
    private static final class Entry {
        final long id;
        final long tick;
        final Timer timer;

        Entry(long id, long tick, Timer timer) {
            this.id = id;
            this.tick = tick;
            this.timer = timer;
        }
    }

    @Test
    void randomOperationsMatchASortedReference() {
        for (long seed = 1; seed <= 10; seed++) {
            run(seed, 20_000);
        }
    }

    private void run(long seed, int rounds) {
        Random random = new Random(seed);
        long origin = random.nextLong();
        ManualClock clock = new ManualClock(origin);
        TimerWheel wheel = new TimerWheel(clock, TICK);
        // Key: (effective tick, id); a timer scheduled at or before the wheel's position is due at once.
        TreeMap<Long, TreeMap<Long, Entry>> model = new TreeMap<>();
        List<Entry> live = new ArrayList<>();
        List<Long> fired = new ArrayList<>();
        long position = 0; // the model of the wheel's position: ticks fully expired
        long nextId = 0;
        int totalFired = 0;
        for (int round = 0; round < rounds; round++) {
            int op = random.nextInt(20);
            long now = clock.nanoTime();
            if (op < 10) {
                long deadline = now + delay(random);
                long id = nextId++;
                Timer t = wheel.schedule(deadline, () -> fired.add(id), null);
                long rel = deadline - origin;
                long tick = rel <= 0 ? 0 : (rel - 1) / TICK + 1;
                Entry e = new Entry(id, Math.max(tick, position), t);
                model.computeIfAbsent(e.tick, k -> new TreeMap<>()).put(id, e);
                live.add(e);
            } else if (op < 14 && !live.isEmpty()) {
                Entry e = live.remove(random.nextInt(live.size()));
                boolean pending = e.timer.isPending();
                assertEquals(pending, wheel.cancel(e.timer), "seed " + seed + " round " + round);
                TreeMap<Long, Entry> bucket = model.get(e.tick);
                assertEquals(pending, bucket != null && bucket.remove(e.id) != null);
                if (bucket != null && bucket.isEmpty()) {
                    model.remove(e.tick);
                }
                assertFalse(e.timer.isPending());
            } else if (op < 17) {
                clock.advance(Math.max(0, delay(random))); // monotonic, as System.nanoTime()
            } else {
                int budget = random.nextInt(4) == 0 ? 1 + random.nextInt(5) : Integer.MAX_VALUE;
                fired.clear();
                long nowTick = Math.floorDiv(now - origin, TICK);
                int n = wheel.expire(now, budget, Runnable::run);
                List<Long> expected = new ArrayList<>();
                for (TreeMap<Long, Entry> bucket : model.headMap(nowTick, true).values()) {
                    for (Entry e : bucket.values()) {
                        if (expected.size() < budget) {
                            expected.add(e.id);
                        }
                    }
                }
                assertEquals(expected, fired, "seed " + seed + " round " + round);
                assertEquals(expected.size(), n);
                totalFired += n;
                for (long id : expected) {
                    Entry first = model.firstEntry().getValue().pollFirstEntry().getValue();
                    assertEquals(id, first.id);
                    if (model.firstEntry().getValue().isEmpty()) {
                        model.pollFirstEntry();
                    }
                    position = Math.max(position, first.tick);
                }
                if (expected.size() < budget) {
                    position = Math.max(position, nowTick);
                }
                long wait = wheel.nanosUntilNext(now);
                if (model.isEmpty()) {
                    assertEquals(-1, wait);
                } else {
                    long due = origin + model.firstKey() * TICK - now;
                    assertTrue(wait >= 0 && wait <= Math.max(0, due),
                            "seed " + seed + " round " + round + ": wait " + wait + " beyond the next deadline " + due);
                }
            }
            assertEquals(model.values().stream().mapToInt(TreeMap::size).sum(), wheel.size());
            if (round % 8 == 0) { // O(timers): not every round
                String broken = wheel.checkInvariants();
                assertNull(broken, "seed " + seed + " round " + round);
            }
        }
        assertTrue(totalFired > rounds / 20, "seed " + seed + ": only " + totalFired + " timers fired");
    }

    /** Delays in ticks of every magnitude the levels distinguish, and some in the past. */
    private static long delay(Random random) {
        switch (random.nextInt(8)) {
            case 0:
                return -random.nextInt(100) * TICK;
            case 1:
                return random.nextInt((int) TICK);
            case 2:
                return random.nextInt(64) * TICK + random.nextInt((int) TICK);
            case 3:
                return random.nextInt(4096) * TICK;
            case 4:
                return random.nextInt(1 << 18) * TICK + 1;
            case 5:
                return (long) random.nextInt(1 << 24) * TICK;
            case 6:
                return (random.nextLong() & ((1L << 40) - 1)) * TICK; // beyond the levels' reach (2^36 ticks)
            default:
                return random.nextInt(10) * TICK;
        }
    }
}
