package io.polyloop.scheduler.timer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimerHeapTest {

    @Test
    void firesInDeadlineOrderWithTiesInInsertionOrder() {
        TimerHeap heap = new TimerHeap();
        List<String> fired = new ArrayList<>();
        heap.schedule(30, () -> fired.add("c"), null);
        heap.schedule(10, () -> fired.add("a1"), null);
        heap.schedule(10, () -> fired.add("a2"), null);
        heap.schedule(20, () -> fired.add("b"), null);
        assertEquals(10, heap.nanosUntilNext(0));
        assertEquals(2, heap.expire(15, 100, Runnable::run));
        assertEquals(List.of("a1", "a2"), fired);
        assertEquals(2, heap.expire(100, 100, Runnable::run));
        assertEquals(List.of("a1", "a2", "b", "c"), fired);
        assertEquals(-1, heap.nanosUntilNext(100));
    }

    @Test
    void deadlinesNearOverflowCompareByDifference() {
        TimerHeap heap = new TimerHeap();
        List<Integer> fired = new ArrayList<>();
        long now = Long.MAX_VALUE - 5;
        heap.schedule(now + 10, () -> fired.add(2), null); // wraps negative
        heap.schedule(now + 1, () -> fired.add(1), null);
        heap.expire(now + 20, 10, Runnable::run);
        assertEquals(List.of(1, 2), fired);
    }

    /** Random schedules and cancels against a sorted-map model. */
    @Test
    void randomOperationsMatchAModel() {
        Random random = new Random(42);
        TimerHeap heap = new TimerHeap();
        TreeMap<Long, Timer> model = new TreeMap<>(); // key: deadline * 2^20 + sequence
        List<Timer> live = new ArrayList<>();
        List<Long> fired = new ArrayList<>();
        long seq = 0;
        for (int round = 0; round < 20_000; round++) {
            int op = random.nextInt(10);
            if (op < 6) {
                long deadline = random.nextInt(1000);
                long key = deadline * (1L << 20) + seq++;
                Timer t = heap.schedule(deadline, () -> fired.add(key), null);
                model.put(key, t);
                live.add(t);
            } else if (op < 9 && !live.isEmpty()) {
                Timer t = live.remove(random.nextInt(live.size()));
                boolean wasPending = t.isPending();
                assertEquals(wasPending, heap.cancel(t));
                model.values().remove(t);
                assertFalse(t.isPending());
            } else {
                long now = random.nextInt(1000);
                fired.clear();
                heap.expire(now, Integer.MAX_VALUE, Runnable::run);
                List<Long> expected = new ArrayList<>(model.headMap(now * (1L << 20) + (1L << 20)).keySet());
                assertEquals(expected, fired);
                expected.forEach(model::remove);
            }
            assertEquals(model.size(), heap.size());
        }
        assertTrue(heap.size() > 0);
    }

    @Test
    void clearRunsDiscardActions() {
        TimerHeap heap = new TimerHeap();
        List<String> discarded = new ArrayList<>();
        heap.schedule(5, () -> { }, () -> discarded.add("x"));
        heap.schedule(6, () -> { }, null);
        assertEquals(2, heap.clear(Runnable::run));
        assertEquals(List.of("x"), discarded);
        assertEquals(0, heap.size());
    }
}
