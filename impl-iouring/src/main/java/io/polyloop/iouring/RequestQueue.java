package io.polyloop.iouring;

import io.polyloop.spi.IoRequest;

/**
 * FIFO of the requests of one direction of one handle. Only the head is in the kernel: a second RECV or SEND in
 * flight on the same socket could complete out of order or interleave a partial send, so the next one starts when
 * the head completes. Each entry carries its driver-wide submission number (detach merges both directions back into
 * submission order by it; user_data carries it too). Array ring, made at depth 2, grows by doubling, never
 * shrinks. Not thread safe.
 */
final class RequestQueue {
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

    void add(IoRequest r, long seq) {
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

    IoRequest peek() {
        return size == 0 ? null : items == null ? one : items[head];
    }

    long peekSeq() {
        assert size > 0;
        return items == null ? oneSeq : seqs[head];
    }

    IoRequest poll() {
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

    /** Removes {@code r} (by identity) if it is not the head, keeping the order of the others. */
    boolean removeQueued(IoRequest r) {
        if (items == null) {
            return false; // at most the head
        }
        int mask = items.length - 1;
        for (int k = 1; k < size; k++) {
            if (items[(head + k) & mask] == r) {
                for (int j = k; j < size - 1; j++) {
                    items[(head + j) & mask] = items[(head + j + 1) & mask];
                    seqs[(head + j) & mask] = seqs[(head + j + 1) & mask];
                }
                items[(head + size - 1) & mask] = null;
                size--;
                return true;
            }
        }
        return false;
    }

    /** Removes every entry but the head and hands each to {@code to}, in order. */
    void drainBehindHead(java.util.function.Consumer<IoRequest> to) {
        if (size <= 1) {
            return;
        }
        long headSeq = seqs[head];
        IoRequest first = poll();
        IoRequest r;
        while ((r = poll()) != null) {
            to.accept(r);
        }
        add(first, headSeq);
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
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
