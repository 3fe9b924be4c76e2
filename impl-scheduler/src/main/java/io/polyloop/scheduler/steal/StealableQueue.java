package io.polyloop.scheduler.steal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A loop's bounded queue of tasks that other loops may steal: single producer (the owner pushes at the tail),
 * multiple consumers (the owner and thieves take from the head). FIFO. Not thread safe except as stated per method.
 *
 * <p>{@code head} only grows, by CAS, so there is no ABA; {@code tail} is written by the owner alone, with release
 * stores after the slot is filled, and read with acquire. A consumer reads its slots first and claims them with
 * the CAS on {@code head}; the owner cannot overwrite an unclaimed slot because it refuses to push while
 * {@code tail - head} equals the capacity. Consumed slots keep their reference until the owner reuses them, so up
 * to {@code capacity} finished tasks may stay reachable; that is the stated bound.
 */
public final class StealableQueue {
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Runnable[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(StealableQueue.class, "head", long.class);
            TAIL = l.findVarHandle(StealableQueue.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Runnable[] slots;
    private final int mask;
    @SuppressWarnings("unused") private volatile long head;
    @SuppressWarnings("unused") private volatile long tail;

    /** @param capacity a power of two */
    public StealableQueue(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity " + capacity + " is not a power of two >= 2");
        }
        this.slots = new Runnable[capacity];
        this.mask = capacity - 1;
    }

    public int capacity() {
        return slots.length;
    }

    /** Owner only. @return false if full */
    public boolean push(Runnable task) {
        long t = (long) TAIL.getOpaque(this);
        if (t - (long) HEAD.getAcquire(this) >= slots.length) {
            return false;
        }
        SLOT.setRelease(slots, (int) t & mask, task);
        TAIL.setRelease(this, t + 1);
        return true;
    }

    /** Any thread. @return the oldest task, or null if empty */
    public Runnable poll() {
        while (true) {
            long h = (long) HEAD.getAcquire(this);
            long t = (long) TAIL.getAcquire(this);
            if (h >= t) {
                return null;
            }
            Runnable task = (Runnable) SLOT.getAcquire(slots, (int) h & mask);
            if (HEAD.compareAndSet(this, h, h + 1)) {
                return task;
            }
        }
    }

    /**
     * Thief: moves half (rounded up) of this queue's tasks to {@code into}, whose owner must be the caller.
     *
     * @return the number of tasks moved
     */
    public int stealHalfInto(StealableQueue into) {
        while (true) {
            long h = (long) HEAD.getAcquire(this);
            long t = (long) TAIL.getAcquire(this);
            long available = t - h;
            if (available <= 0) {
                return 0;
            }
            long dstTail = (long) TAIL.getOpaque(into);
            long room = into.slots.length - (dstTail - (long) HEAD.getAcquire(into));
            int n = (int) Math.min(available - available / 2, room);
            if (n <= 0) {
                return 0;
            }
            for (int i = 0; i < n; i++) {
                Runnable task = (Runnable) SLOT.getAcquire(slots, (int) (h + i) & mask);
                SLOT.setRelease(into.slots, (int) (dstTail + i) & into.mask, task);
            }
            if (HEAD.compareAndSet(this, h, h + n)) {
                // Published only now: copies made before a lost race are never visible (the slots lie past tail).
                TAIL.setRelease(into, dstTail + n);
                return n;
            }
        }
    }

    /** Any thread; a snapshot. */
    public int size() {
        long h = (long) HEAD.getAcquire(this);
        long t = (long) TAIL.getAcquire(this);
        return (int) Math.max(0, t - h);
    }

    public boolean isEmpty() {
        return size() == 0;
    }
}
