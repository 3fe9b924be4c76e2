package io.polyloop.scheduler.net;

import io.polyloop.api.buffer.BufferPool;
import io.polyloop.api.buffer.PooledBuffer;
import io.polyloop.scheduler.buffer.DirectMemory;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.scheduler.timer.Timer;
import io.polyloop.spi.RecvBufferSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * {@code TcpStream.read(pool, max)}: a read whose loan is taken from the pool only when bytes are there. On a driver
 * that {@linkplain io.polyloop.spi.IoDriver#selectsRecvBuffers() selects RECV buffers} it is the RECV_SELECT's buffer
 * source itself: the driver takes the loan when the socket is readable (or its bytes already arrived) and gives it back
 * if nothing came, so a connection waiting for input holds none. Bytes kept from before, or received through a staging
 * buffer on other drivers, are copied into a loan taken at delivery. A loan is at most {@code max} and otherwise as big
 * as the connection's {@link LoanSizer} says, so busy connections with little in flight hold little. The loan goes to
 * the caller, who closes it.
 *
 * <p>No memory for the loan (the pool throws {@link OutOfMemoryError}: the direct-memory limit) fails neither the
 * loop nor the connection: {@link #take()} returns null (the driver completes with -ENOBUFS and leaves the bytes where
 * they are), and the read {@linkplain #waitForMemory waits}, trying again after 1, 2, 4 ... at most
 * {@value #MAX_RETRY_MILLIS} ms, while its side serves nothing else. Only if memory does not come back within the
 * runtime setting {@code starvedReadMillis} (default {@value #DEFAULT_STARVED_MILLIS} ms; its loop's
 * {@link io.polyloop.scheduler.loop.LoopConfig#starvedReadNanos()} at each retry, so a live change applies to reads
 * already waiting) does this read fail, with an {@link IOException} naming the limit; the bytes stay for the next read.
 *
 * <p>A side keeps its last retired pooled read as a spare and makes it the next one ({@link #reuse}): a connection
 * that reads in a loop allocates one task per read and no read object. Not thread safe: loop only.
 */
final class PooledRead extends ReadOp implements RecvBufferSource {
    static final long DEFAULT_STARVED_MILLIS = 10_000;
    static final long MAX_RETRY_MILLIS = 100;
    private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_RETRY_MILLIS);

    private LoopTask<PooledBuffer> result;
    private BufferPool pool;
    private int max;
    private final LoanSizer sizer;
    /** Capacity asked for the loan in flight: what {@link #filled} compares the received bytes with. */
    private int loanSize;
    /** Taken by the driver for the RECV_SELECT in flight and not yet given back or delivered, or null. */
    private PooledBuffer loan;
    /**
     * What a read out of memory keeps (why, since when, its retry timer); made when memory is first refused, so the
     * read waiting on each idle connection does not carry it.
     */
    private Retry retry;

    PooledRead(LoopTask<PooledBuffer> task, BufferPool pool, int max, LoanSizer sizer) {
        super(task);
        this.result = task;
        this.pool = pool;
        this.max = max;
        this.sizer = sizer;
    }

    /**
     * Makes this retired read the next pooled read of its side, so a stream reading in a loop allocates no read
     * object: only once {@link ReadSide#retire} took it out of its queue (no RECV, timer or retry of it is left) and
     * {@link LoopTask#releaseCancelHook} made sure no cancel of its last task can still run it.
     */
    void reuse(LoopTask<PooledBuffer> task, BufferPool pool, int max) {
        assert loan == null && !isPending() && (retry == null || !retry.isPending()) : "reused while in use";
        this.task = task;
        this.result = task;
        this.pool = pool;
        this.max = max;
        if (retry != null) {
            retry.refused = null;
            retry.since = 0;
        }
    }

    /** Drops its last task (and the loan object it completed with) while it waits as its side's spare. */
    @Override
    void forget() {
        task = null;
        result = null;
    }

    @Override
    int want() {
        return max;
    }

    /** Bytes from the kept ones or a staging buffer: copied into a loan taken now. */
    @Override
    void offer(ByteBuffer data) {
        if (result.isDone()) {
            return;
        }
        int n = Math.min(max, data.remaining());
        PooledBuffer b;
        try {
            b = pool.acquire(n); // sized to the bytes there, not to max
        } catch (OutOfMemoryError e) { // the bytes stay in data; the read waits for memory
            retry().refused = e;
            side.starve(this);
            return;
        }
        fed();
        ByteBuffer dst = b.buffer();
        dst.clear().put(0, data, data.position(), n).limit(n);
        if (result.complete(b)) {
            data.position(data.position() + n);
        } else {
            b.close(); // cancelled meanwhile: the bytes stay in data for the next read
        }
    }

    @Override
    void endOfStream() {
        result.complete(null);
    }

    @Override
    public ByteBuffer take() {
        assert loan == null : "a second buffer taken for one RECV_SELECT";
        loanSize = sizer.size(max);
        try {
            loan = pool.acquire(loanSize);
        } catch (OutOfMemoryError e) { // the driver completes with -ENOBUFS; the side calls waitForMemory
            retry().refused = e;
            return null;
        }
        fed();
        return loan.buffer().clear().limit(loanSize);
    }

    @Override
    public void giveBack(ByteBuffer buffer) {
        PooledBuffer b = loan;
        loan = null;
        b.close();
    }

    /**
     * The RECV_SELECT put {@code n} bytes at the start of the loan: the read completes with it.
     *
     * @return null if delivered, else (the task was done meanwhile) those bytes, to keep before {@link #dropLoan()}
     */
    ByteBuffer filled(int n) {
        PooledBuffer b = loan;
        sizer.record(n, loanSize);
        ByteBuffer bytes = b.buffer().limit(n).position(0);
        if (result.complete(b)) {
            loan = null; // the caller's now
            return null;
        }
        return bytes;
    }

    /** Closes a loan whose bytes the side has kept. */
    void dropLoan() {
        PooledBuffer b = loan;
        loan = null;
        if (b != null) {
            b.close();
        }
    }

    /**
     * No memory for this read's loan (its take gave none, or its side's kept bytes could not be copied into one):
     * the read waits, its retry armed, unless it has waited its loop's {@code starvedReadNanos} already; then it fails.
     *
     * @return true if it waits (its side serves nothing until {@link ReadSide#retryStarved}), false if it failed
     */
    boolean waitForMemory(EventLoop loop) {
        long now = loop.nanoTime();
        Retry retry = retry();
        OutOfMemoryError refused = retry.refused;
        if (retry.since == 0) {
            retry.since = now;
            retry.nanos = FIRST_RETRY_NANOS;
        } else if (now - retry.since >= loop.config().starvedReadNanos()) { // read now: changes apply live
            long waited = TimeUnit.NANOSECONDS.toMillis(now - retry.since);
            retry.since = 0;
            result.completeExceptionally(new IOException("no direct memory for a pooled read of up to " + max
                    + " bytes for " + waited + " ms (limit "
                    + DirectMemory.limit() + " bytes, " + DirectMemory.describeLimit() + "; raise it, or close loans"
                    + " sooner); the bytes stay for the next read: " + (refused == null ? "ENOBUFS" : refused.getMessage()),
                    refused));
            return false;
        }
        loop.scheduleAt(retry, now + retry.nanos);
        retry.nanos = Math.min(2 * retry.nanos, MAX_RETRY_NANOS);
        return true;
    }

    private Retry retry() {
        if (retry == null) {
            retry = new Retry();
        }
        return retry;
    }

    /** A loan was had: a wait for memory, if any, is over. */
    private void fed() {
        if (retry != null) {
            retry.since = 0;
        }
    }

    /** The read left its side: its retry goes if it still waits. */
    void stopRetry(EventLoop loop) {
        if (retry != null && retry.isPending()) {
            loop.cancel(retry);
        }
    }

    /** The retry of a read waiting for memory, and the state of that wait. */
    private final class Retry extends Timer {
        /** Why the last loan could not be had, or null. */
        OutOfMemoryError refused;
        /** Loop time the read first found no memory, while it waits for some; else 0. */
        long since;
        /** The delay of the next retry. */
        long nanos;

        @Override
        public void run() {
            side.retryStarved(PooledRead.this);
        }

        /** Dropped by a loop shutting down: it closes the connection, which fails the read. */
        @Override
        public Runnable discard() {
            return null;
        }
    }
}
