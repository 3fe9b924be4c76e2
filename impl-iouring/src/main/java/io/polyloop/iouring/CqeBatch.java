package io.polyloop.iouring;

/**
 * The CQEs of a reap, copied out of the CQ so that its head moves past them before any is handled. Handling one may
 * run handlers (a poll's early delivery), and those may submit, detach or close; so the CQ head never points at a
 * CQE that was handled already, a nested reap (the drain of a detach or close) goes on with the rest of this batch,
 * and the SEND CQEs that an early submit produces can be taken ahead of it (IoUringDriver's answerEarly).
 * Bounded: a larger backlog is copied one batch after the other. Not thread safe: loop thread only.
 */
final class CqeBatch {
    /** CQEs copied at most at a time: 4 KiB of arrays per driver. */
    static final int CAPACITY = 256;

    private final long[] userData = new long[CAPACITY];
    private final int[] res = new int[CAPACITY];
    private final int[] flags = new int[CAPACITY];
    private int next;
    private int end;

    /** Copies what the CQ holds (at most {@link #CAPACITY}) and hands it back to the kernel. @return how many */
    int fill(CompletionQueue cq) {
        assert next == end : "the batch still holds " + (end - next) + " CQE(s)";
        int n = Math.min(cq.ready(), CAPACITY);
        for (int i = 0; i < n; i++) {
            userData[i] = cq.userData(i);
            res[i] = cq.res(i);
            flags[i] = cq.flags(i);
        }
        if (n > 0) {
            cq.advance(n);
        }
        next = 0;
        end = n;
        return n;
    }

    /** @return the index of the oldest CQE not handled yet (it counts as handled from now on), or -1 */
    int take() {
        return next < end ? next++ : -1;
    }

    long userData(int i) {
        return userData[i];
    }

    int res(int i) {
        return res[i];
    }

    int flags(int i) {
        return flags[i];
    }
}
