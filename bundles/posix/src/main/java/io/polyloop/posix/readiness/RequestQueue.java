package io.polyloop.posix.readiness;

import io.polyloop.spi.IoRequest;

import java.util.function.Consumer;

/**
 * FIFO of pending requests of one direction of one handle, each tagged with its driver-wide submission number so
 * that detach can merge reads and writes back into submission order. The readiness drivers and the io_uring driver
 * (which keeps only the head in the kernel) share it. Array ring, made at depth 2, grows by
 * doubling and never shrinks: no allocation once a connection has reached its usual depth (mostly 1). Not thread safe.
 */
public final class RequestQueue {
    /**
     * The only entry while {@link #items} is null: a socket's queue mostly holds one request (a connection keeps one
     * RECV, one SEND at a time), and every connection has two queues, so an idle one holds no arrays (56 bytes each).
     */
    private IoRequest one;
    private long oneSeq;
    /** The ring, made when a second entry comes and kept from then on; null before. */
    private IoRequest[] items;
    private long[] seqs;
    private int head;
    private int size;

    public void add(IoRequest r, long seq) {
        if (items == null) {
            if (size == 0) {
                one = r;
                oneSeq = seq;
                size = 1;
                return;
            }
            items = new IoRequest[2];
            seqs = new long[2];
            items[0] = one;
            seqs[0] = oneSeq;
            one = null;
            head = 0;
        } else if (size == items.length) {
            grow();
        }
        int i = (head + size) & (items.length - 1);
        items[i] = r;
        seqs[i] = seq;
        size++;
    }

    public IoRequest peek() {
        return size == 0 ? null : items == null ? one : items[head];
    }

    public long peekSeq() {
        assert size > 0;
        return items == null ? oneSeq : seqs[head];
    }

    public IoRequest poll() {
        if (size == 0) {
            return null;
        }
        if (items == null) {
            IoRequest r = one;
            one = null;
            size = 0;
            return r;
        }
        IoRequest r = items[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        return r;
    }

    /** Removes {@code r} (by identity), keeping the order of the others. */
    public boolean remove(IoRequest r) {
        if (items == null) {
            if (size == 1 && one == r) {
                one = null;
                size = 0;
                return true;
            }
            return false;
        }
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

    /** Removes every entry but the head and hands each to {@code to}, in order; the head stays. */
    public void drainBehindHead(Consumer<IoRequest> to) {
        if (size <= 1) {
            return;
        }
        long headSeq = peekSeq();
        IoRequest first = poll();
        IoRequest r;
        while ((r = poll()) != null) {
            to.accept(r);
        }
        add(first, headSeq);
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
