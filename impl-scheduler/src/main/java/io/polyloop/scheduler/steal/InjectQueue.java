package io.polyloop.scheduler.steal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The bounded multi-producer multi-consumer queue through which work enters a work-stealing runtime from outside
 * its loops (and where a full local queue overflows). Thread safe, lock free, no allocation per operation.
 *
 * <p>The array queue of D. Vyukov: each slot carries a sequence number that says whether it is free for the
 * producer of lap {@code n} or full for its consumer, so producers and consumers claim positions by CAS and never
 * touch a slot another thread is still filling or emptying. Unlike the original, {@link #poll} does not report
 * empty while a producer that claimed an earlier slot is still filling it, nor {@link #offer} full while a consumer
 * is still emptying one: both wait for the other thread's few instructions, which keeps them linearizable.
 */
public final class InjectQueue {
    private final AtomicReferenceArray<Runnable> slots;
    private final AtomicLongArray sequence;
    private final int mask;
    private final AtomicLong enqueuePos = new AtomicLong();
    private final AtomicLong dequeuePos = new AtomicLong();

    /** @param capacity rounded up to a power of two */
    public InjectQueue(int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity - 1) << 1);
        slots = new AtomicReferenceArray<>(size);
        sequence = new AtomicLongArray(size);
        for (int i = 0; i < size; i++) {
            sequence.set(i, i);
        }
        mask = size - 1;
    }

    public int capacity() {
        return mask + 1;
    }

    /** @return false if full */
    public boolean offer(Runnable task) {
        long pos = enqueuePos.get();
        while (true) {
            int i = (int) pos & mask;
            long diff = sequence.get(i) - pos;
            if (diff == 0) {
                if (enqueuePos.compareAndSet(pos, pos + 1)) {
                    slots.lazySet(i, task);
                    sequence.set(i, pos + 1);
                    return true;
                }
                pos = enqueuePos.get();
            } else if (diff < 0) {
                if (pos - dequeuePos.get() >= slots.length()) {
                    return false; // full
                }
                // A consumer has claimed this slot's previous element and is still taking it out: not full.
                Thread.onSpinWait();
                pos = enqueuePos.get();
            } else {
                pos = enqueuePos.get();
            }
        }
    }

    /** @return the oldest task, or null if empty */
    public Runnable poll() {
        long pos = dequeuePos.get();
        while (true) {
            int i = (int) pos & mask;
            long diff = sequence.get(i) - (pos + 1);
            if (diff == 0) {
                if (dequeuePos.compareAndSet(pos, pos + 1)) {
                    Runnable task = slots.get(i);
                    slots.lazySet(i, null);
                    sequence.set(i, pos + mask + 1);
                    return task;
                }
                pos = dequeuePos.get();
            } else if (diff < 0) {
                if (pos == enqueuePos.get()) {
                    return null; // empty
                }
                // A producer has claimed this slot and is still filling it: the queue is not empty, so wait for
                // it rather than answer null (found by InjectQueueLincheckTest: a null here let a poll miss an
                // element whose offer had completed before it, behind a slower producer).
                Thread.onSpinWait();
                pos = dequeuePos.get();
            } else {
                pos = dequeuePos.get();
            }
        }
    }

    /** A snapshot. */
    public int size() {
        return (int) Math.max(0, Math.min(capacity(), enqueuePos.get() - dequeuePos.get()));
    }

    public boolean isEmpty() {
        return enqueuePos.get() == dequeuePos.get();
    }
}
