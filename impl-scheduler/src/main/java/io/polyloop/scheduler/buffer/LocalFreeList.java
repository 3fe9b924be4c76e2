package io.polyloop.scheduler.buffer;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The free buffers one loop thread keeps for itself, one LIFO stack per size class: a loan returned on the loop that
 * takes the next one needs no queue node and no CAS, and the last buffer used (warm in cache) is the next one lent.
 * Bound: at most {@link #MAX_SLOTS} buffers per class and {@link #MAX_BYTES} in all; past it a return goes to the
 * pool's shared lists, and the pool's {@code retained} count covers what it keeps. When its thread ends and the list
 * is collected, a cleaning action takes what it kept off that count. Not thread safe: its thread only.
 */
final class LocalFreeList {
    /** Buffers kept per size class at most. */
    static final int MAX_SLOTS = 128;
    /** Bytes kept in all at most, per loop thread. */
    static final long MAX_BYTES = 1L << 20;

    private final ByteBuffer[][] stacks;
    private final int[] counts;
    /** Bytes kept, in a holder the cleaning action reads once the list is unreachable (a racy read: a statistic). */
    private final long[] bytes = new long[1];

    LocalFreeList(int classes, Cleaner cleaner, AtomicLong retained) {
        this.stacks = new ByteBuffer[classes][];
        this.counts = new int[classes];
        long[] held = bytes;
        cleaner.register(this, () -> retained.addAndGet(-held[0])); // references the holder, never the list
    }

    /** @return a free buffer of size class {@code cls}, or null */
    ByteBuffer pop(int cls) {
        int n = counts[cls];
        if (n == 0) {
            return null;
        }
        ByteBuffer[] stack = stacks[cls];
        ByteBuffer b = stack[--n];
        stack[n] = null;
        counts[cls] = n;
        bytes[0] -= b.capacity();
        return b;
    }

    /** @return true if kept, false if over the bound (the caller gives it to the shared lists) */
    boolean push(ByteBuffer b, int cls) {
        int n = counts[cls];
        if (n == MAX_SLOTS || bytes[0] + b.capacity() > MAX_BYTES) {
            return false;
        }
        ByteBuffer[] stack = stacks[cls];
        if (stack == null) {
            stack = stacks[cls] = new ByteBuffer[MAX_SLOTS];
        }
        stack[n] = b;
        counts[cls] = n + 1;
        bytes[0] += b.capacity();
        return true;
    }

    /** @return the bytes kept */
    long bytes() {
        return bytes[0];
    }

    /** Drops every buffer kept (to the GC). */
    void clear() {
        for (int cls = 0; cls < counts.length; cls++) {
            while (pop(cls) != null) {
                // dropped
            }
        }
    }
}
