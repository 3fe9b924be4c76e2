package io.polyloop.posix.readiness;

import io.polyloop.spi.IoRequest;

/**
 * FIFO of pending requests of one direction of one handle, each tagged with its driver-wide submission number so
 * that detach can merge reads and writes back into submission order. Array ring, grows by doubling and never
 * shrinks: no allocation once a connection has reached its usual depth (mostly 1). Not thread safe.
 */
public final class RequestQueue {
    private IoRequest[] items = new IoRequest[2];
    private long[] seqs = new long[2];
    private int head;
    private int size;

    public void add(IoRequest r, long seq) {
        if (size == items.length) {
            grow();
        }
        int i = (head + size) & (items.length - 1);
        items[i] = r;
        seqs[i] = seq;
        size++;
    }

    public IoRequest peek() {
        return size == 0 ? null : items[head];
    }

    public long peekSeq() {
        assert size > 0;
        return seqs[head];
    }

    public IoRequest poll() {
        if (size == 0) {
            return null;
        }
        IoRequest r = items[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        return r;
    }

    /** Removes {@code r} (by identity), keeping the order of the others. */
    public boolean remove(IoRequest r) {
        int mask = items.length - 1;
        for (int k = 0; k < size; k++) {
            if (items[(head + k) & mask] == r) {
                for (int j = k; j < size - 1; j++) {
                    int to = (head + j) & mask;
                    int from = (head + j + 1) & mask;
                    items[to] = items[from];
                    seqs[to] = seqs[from];
                }
                items[(head + size - 1) & mask] = null;
                size--;
                return true;
            }
        }
        return false;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    private void grow() {
        IoRequest[] ni = new IoRequest[items.length * 2];
        long[] ns = new long[items.length * 2];
        for (int k = 0; k < size; k++) {
            int i = (head + k) & (items.length - 1);
            ni[k] = items[i];
            ns[k] = seqs[i];
        }
        items = ni;
        seqs = ns;
        head = 0;
    }
}
