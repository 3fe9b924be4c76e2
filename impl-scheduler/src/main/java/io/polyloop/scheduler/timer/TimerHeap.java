package io.polyloop.scheduler.timer;

import java.util.Arrays;

/**
 * The timers of one loop as a binary min-heap on deadline, ties broken by insertion order: O(log n) insert and
 * cancel, O(1) peek. Deadlines are {@link System#nanoTime()} values compared by difference (wrap-safe). Not thread
 * safe: loop only.
 *
 * <p>A hierarchical wheel with O(1) insert and cancel replaces this when the runtime-core issue lands; the interface
 * ({@link #schedule}, {@link #cancel}, {@link #nanosUntilNext}, {@link #expire}) stays.
 */
public final class TimerHeap {
    private Timer[] heap = new Timer[64];
    private int size;
    private long sequence;

    /**
     * @param action  runs when the deadline passes
     * @param discard runs instead if the timer is dropped by {@link #clear} (its loop shuts down); may be null
     */
    public Timer schedule(long deadlineNanos, Runnable action, Runnable discard) {
        Timer t = new Timer(deadlineNanos, sequence++, action, discard);
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        t.index = size;
        heap[size++] = t;
        siftUp(t.index);
        return t;
    }

    /** @return true if the timer was pending and is now removed */
    public boolean cancel(Timer t) {
        int i = t.index;
        if (i < 0 || i >= size || heap[i] != t) {
            return false;
        }
        removeAt(i);
        return true;
    }

    public int size() {
        return size;
    }

    /** @return nanoseconds until the earliest deadline (0 if due), or -1 if there is no timer */
    public long nanosUntilNext(long nowNanos) {
        if (size == 0) {
            return -1;
        }
        return Math.max(0, heap[0].deadlineNanos - nowNanos);
    }

    /**
     * Removes every timer due at {@code nowNanos} and runs its action, earliest first. Actions that schedule new
     * due timers see them run in the same call only if they are due too: bounded by {@code max}.
     *
     * @return the number of timers fired
     */
    public int expire(long nowNanos, int max, TimerRunner runner) {
        int fired = 0;
        while (size > 0 && fired < max && heap[0].deadlineNanos - nowNanos <= 0) {
            Timer t = heap[0];
            removeAt(0);
            fired++;
            runner.run(t.action);
        }
        return fired;
    }

    /** Runs a timer's action with the loop's isolation of failures. */
    @FunctionalInterface
    public interface TimerRunner {
        void run(Runnable action);
    }

    /**
     * Removes every timer without running its action; runs its discard action instead, through {@code runner}.
     *
     * @return the number of timers removed
     */
    public int clear(TimerRunner runner) {
        Timer[] dropped = Arrays.copyOf(heap, size);
        int n = size;
        Arrays.fill(heap, 0, size, null);
        size = 0;
        for (Timer t : dropped) {
            t.index = -1;
            if (t.discard != null) {
                runner.run(t.discard);
            }
        }
        return n;
    }

    private void removeAt(int i) {
        Timer removed = heap[i];
        removed.index = -1;
        size--;
        if (i == size) {
            heap[size] = null;
            return;
        }
        Timer last = heap[size];
        heap[size] = null;
        heap[i] = last;
        last.index = i;
        siftDown(i);
        if (heap[i] == last) {
            siftUp(i);
        }
    }

    private void siftUp(int i) {
        Timer t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Timer p = heap[parent];
            if (!t.firesBefore(p)) {
                break;
            }
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        heap[i] = t;
        t.index = i;
    }

    private void siftDown(int i) {
        Timer t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].firesBefore(heap[child])) {
                child = right;
            }
            if (!heap[child].firesBefore(t)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].index = i;
            i = child;
        }
        heap[i] = t;
        t.index = i;
    }
}
