package io.polyloop.scheduler.net;

import io.polyloop.api.buffer.BufferPool;

/**
 * The size of a connection's next pooled-read loan, adapted to what its last reads brought. A loan the caller asked
 * up to {@code max} for is only {@link #size(int) size(max)} big: 10 000 connections with 64 B in flight each would
 * otherwise hold 10 000 loans of {@code max} (640 MB at 64 KiB) until their bytes are written back. The way Netty's
 * adaptive receive allocator does it: start at the pool's smallest buffer, grow fast (×4) after a read that filled its loan, shrink
 * slowly (÷2) after two reads in a row that used at most half. Not thread safe: loop only.
 */
final class LoanSizer {
    /** The pool's smallest buffer: a smaller ask takes one as big anyway. */
    static final int MIN = BufferPool.MIN_CAPACITY;
    static final int INITIAL = MIN;
    private static final int GROWTH_SHIFT = 2;

    private int next = INITIAL;
    private boolean halfEmptyBefore;

    /** @return the capacity of the next loan, at most {@code max} */
    int size(int max) {
        return Math.min(max, next);
    }

    /** A read into a loan of {@code size} bytes brought {@code filled} of them. */
    void record(int filled, int size) {
        if (filled >= size) {
            next = (int) Math.min(BufferPool.MAX_CAPACITY, (long) Math.max(size, next) << GROWTH_SHIFT);
            halfEmptyBefore = false;
        } else if (filled <= next >>> 1) {
            if (halfEmptyBefore) {
                next = Math.max(MIN, next >>> 1);
            }
            halfEmptyBefore = !halfEmptyBefore;
        } else {
            halfEmptyBefore = false;
        }
    }
}
