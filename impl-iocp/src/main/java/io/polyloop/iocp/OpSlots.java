package io.polyloop.iocp;

import io.polyloop.posix.NativeMemory;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link Op} slots of one driver: native memory in chunks of {@value #CHUNK} slots, a free list, and the way back
 * from the OVERLAPPED address of a packet to its slot (a binary search over the chunks' base addresses, which
 * allocates nothing). Bounded: at most {@code maxSlots} operations are in flight; past that {@link #acquire()} says
 * no and the request fails with ENOBUFS. Memory is freed only when no slot is in use: the kernel may still write to a
 * slot whose packet has not arrived. Not thread safe: loop thread only.
 */
final class OpSlots {
    static final int CHUNK = 64;

    private final int maxSlots;
    private final List<NativeMemory> chunks = new ArrayList<>();
    /** Chunk base addresses, ascending, and the chunk number of each. */
    private long[] bases = new long[0];
    private int[] chunkOf = new int[0];
    private Op[] ops = new Op[0];
    private int[] free = new int[0];
    private int freeCount;
    private int inUse;

    OpSlots(int maxSlots) {
        this.maxSlots = maxSlots;
    }

    /** @return a free slot, or null when {@code maxSlots} are in flight */
    Op acquire() {
        if (freeCount == 0 && !grow()) {
            return null;
        }
        inUse++;
        return ops[free[--freeCount]];
    }

    void release(Op op) {
        op.clear();
        free[freeCount++] = op.index;
        inUse--;
    }

    int inUse() {
        return inUse;
    }

    /** @return the slot whose OVERLAPPED is at {@code overlapped}, or null if it is none of ours */
    Op byOverlapped(long overlapped) {
        int lo = 0;
        int hi = bases.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long base = bases[mid];
            if (overlapped < base) {
                hi = mid - 1;
            } else if (overlapped >= base + (long) CHUNK * Op.SIZE) {
                lo = mid + 1;
            } else {
                long rel = overlapped - base;
                if (rel % Op.SIZE != 0) {
                    return null;
                }
                return ops[chunkOf[mid] * CHUNK + (int) (rel / Op.SIZE)];
            }
        }
        return null;
    }

    private boolean grow() {
        if (ops.length + CHUNK > maxSlots) {
            return false;
        }
        NativeMemory m = NativeMemory.allocate(CHUNK * Op.SIZE);
        int chunk = chunks.size();
        chunks.add(m);
        var view = m.buffer().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ops = Arrays.copyOf(ops, ops.length + CHUNK);
        free = Arrays.copyOf(free, ops.length);
        for (int i = 0; i < CHUNK; i++) {
            int index = chunk * CHUNK + i;
            ops[index] = new Op(index, m.address() + (long) i * Op.SIZE, view, i * Op.SIZE);
            free[freeCount++] = index;
        }
        int at = 0;
        while (at < bases.length && bases[at] < m.address()) {
            at++;
        }
        bases = insert(bases, at, m.address());
        int[] c = new int[chunkOf.length + 1];
        System.arraycopy(chunkOf, 0, c, 0, at);
        c[at] = chunk;
        System.arraycopy(chunkOf, at, c, at + 1, chunkOf.length - at);
        chunkOf = c;
        return true;
    }

    private static long[] insert(long[] a, int at, long v) {
        long[] out = new long[a.length + 1];
        System.arraycopy(a, 0, out, 0, at);
        out[at] = v;
        System.arraycopy(a, at, out, at + 1, a.length - at);
        return out;
    }

    /**
     * Frees the native memory if no slot is in flight.
     *
     * @return false if slots are still in use: the memory is then left allocated on purpose (a late packet or the
     *         kernel may still write to it)
     */
    boolean free() {
        if (inUse != 0) {
            return false;
        }
        for (NativeMemory m : chunks) {
            m.free();
        }
        chunks.clear();
        return true;
    }
}
