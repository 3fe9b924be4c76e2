package io.polyloop.conformance;

import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Loop-side: sends {@code total} pattern bytes with SEND_VECTORED, then shuts down its writing side. Alternates two
 * fixed sets of buffers: one of mixed sizes where some start past position 0 and one is empty, one of 1500 slices
 * of 16 bytes (more than Linux's IOV_MAX, so that a backend must take them in several sends). The driver moves no
 * position: after each completion this class advances through the buffers by the result and resubmits the rest,
 * starting at the first buffer with bytes left. {@link #done} completes with the bytes sent.
 */
public final class VectoredSender {
    private static final int[] MIXED_CAPACITY = {1, 8, 10, 4096, 65_556, 13, 200_000};
    private static final int[] MIXED_START = {0, 8, 3, 0, 17, 0, 0};
    private static final int SLICES = 1500;
    private static final int SLICE_SIZE = 16;

    public final CompletableFuture<Long> done = new CompletableFuture<>();
    private final LoopHarness loop;
    private final IoHandle stream;
    private final long seed;
    private final long total;
    private final ByteBuffer[][] sets = new ByteBuffer[2][];
    private final int[][] starts = new int[2][];
    private final IoRequest request = new IoRequest();
    private ByteBuffer[] buffers;
    private int first;
    private long offered;
    private long sent;
    private int round;
    private int requests;
    private int partials;

    public VectoredSender(LoopHarness loop, IoHandle stream, long seed, long total) {
        this.loop = loop;
        this.stream = stream;
        this.seed = seed;
        this.total = total;
        sets[0] = new ByteBuffer[MIXED_CAPACITY.length];
        for (int i = 0; i < MIXED_CAPACITY.length; i++) {
            sets[0][i] = ByteBuffer.allocateDirect(MIXED_CAPACITY[i]);
        }
        starts[0] = MIXED_START;
        ByteBuffer slab = ByteBuffer.allocateDirect(SLICES * SLICE_SIZE);
        sets[1] = new ByteBuffer[SLICES];
        for (int i = 0; i < SLICES; i++) {
            sets[1][i] = slab.slice(i * SLICE_SIZE, SLICE_SIZE);
        }
        starts[1] = new int[SLICES];
    }

    /** Loop thread only. */
    public void start() {
        nextRound();
    }

    /** Refills the next set with the next pattern bytes, at most what is left to send. */
    private void nextRound() {
        if (sent == total) {
            finish();
            return;
        }
        int k = round++ % sets.length;
        buffers = sets[k];
        long from = sent;
        for (int i = 0; i < buffers.length; i++) {
            ByteBuffer b = buffers[i].clear();
            b.position(starts[k][i]);
            b.limit(b.position() + (int) Math.min(b.remaining(), total - from));
            StreamPattern.fill(b, seed, from);
            from += b.remaining();
        }
        first = 0;
        submitRest();
    }

    private void submitRest() {
        while (first < buffers.length && !buffers[first].hasRemaining()) {
            first++;
        }
        if (first == buffers.length) {
            nextRound();
            return;
        }
        offered = 0;
        for (int i = first; i < buffers.length; i++) {
            offered += buffers[i].remaining();
        }
        requests++;
        loop.submit(request.sendVectored(stream, buffers, first, buffers.length - first), this::onSent);
    }

    private void onSent(IoRequest r) {
        int n = r.result();
        if (n <= 0) { // 0 of a non-empty gather would loop forever
            done.completeExceptionally(new AssertionError("gathering send returned " + n + " after " + sent));
            return;
        }
        if (n < offered) {
            partials++;
        }
        sent += n;
        for (int i = first, left = n; left > 0; i++) {
            int take = Math.min(left, buffers[i].remaining());
            buffers[i].position(buffers[i].position() + take);
            left -= take;
        }
        submitRest();
    }

    private void finish() {
        try {
            loop.driver().shutdown(stream, false, true);
        } catch (Exception e) {
            done.completeExceptionally(e);
            return;
        }
        done.complete(sent);
    }

    /** @return SEND_VECTORED requests submitted */
    public int requests() {
        return requests;
    }

    /** @return how many completed with fewer bytes than offered */
    public int partials() {
        return partials;
    }
}
