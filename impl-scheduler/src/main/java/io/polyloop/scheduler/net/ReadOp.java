package io.polyloop.scheduler.net;

import io.polyloop.api.net.FrameTooLongException;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.timer.Timer;
import io.polyloop.scheduler.timer.TimerWheel;

import java.io.EOFException;
import java.nio.ByteBuffer;

/**
 * One queued read of a {@link ReadSide}: what it wants, how it takes bytes, how it ends. Bytes it took but could not
 * deliver (its task was cancelled or timed out meanwhile) are handed back by {@link #reclaim()}, so a cancel never
 * loses data. It is its task's cancel hook and its own read-timeout timer (no lambda, no timer object per read).
 * Not thread safe: loop only.
 */
abstract class ReadOp extends Timer {
    /** Its task; a {@link PooledRead} gets the next one when its side reuses it (see {@link ReadSide#retire}). */
    LoopTask<?> task;
    /** The side it is queued on, set when queued. */
    ReadSide side;
    /** The read queued behind it on its side, or null (the queue is intrusive: no deque per connection). */
    ReadOp behind;
    /** Scheduled for the side's read timeout: cleared when the wheel runs it, cancels it or drops it. */
    private boolean timing;

    ReadOp(LoopTask<?> task) {
        this.task = task;
    }

    /**
     * The cancel hook of {@link #task} (withdraws this read from its side) or the wheel at the read's deadline (the
     * wheel unlinks a timer before running it; the hook runs only for a task already done). A deadline reached by a
     * read cancelled meanwhile does nothing: its posted hook withdraws it.
     */
    @Override
    public final void run() {
        boolean deadline = timing && !isPending();
        if (deadline) {
            timing = false;
        }
        if (!task.isDone()) {
            side.timeOut(this);
        } else if (!deadline) {
            side.abandon(this);
        }
    }

    /** Loop only: arms the read timeout, {@code nanos} from now. */
    final void startTimer(EventLoop loop, long nanos) {
        timing = true; // first: a loop shutting down drops the timer inside scheduleAt (see discard)
        loop.scheduleAt(this, loop.nanoTime() + Math.min(nanos, TimerWheel.MAX_DELAY_NANOS));
    }

    /** Loop only: the read left its queue; the timer goes if it still waits. */
    final void stopTimer(EventLoop loop) {
        if (timing) {
            timing = false;
            loop.cancel(this);
        }
    }

    /** Dropped unfired by a loop shutting down: nothing to run, the loop closes the connection itself. */
    @Override
    public final Runnable discard() {
        timing = false;
        return null;
    }

    /** @return how many bytes are worth receiving for this read (at least 1) */
    abstract int want();

    /** Takes bytes from {@code data} (advancing its position) and completes the task once satisfied. */
    abstract void offer(ByteBuffer data);

    /** The stream ended before this read was satisfied. */
    abstract void endOfStream();

    /** Drops what its side's spare must not keep of its last read (its task, the caller's buffer). */
    void forget() {
        task = null;
    }

    /** @return the bytes taken but not delivered, ready to read, or null; call once the task is done */
    ByteBuffer reclaim() {
        return null;
    }

    /**
     * At least one byte into the caller's buffer: {@code TcpStream.read}. A side keeps its last retired one as a spare
     * and makes it the next one ({@link #reuse}), as it does for {@link PooledRead}: a stream reading in a loop into
     * its own buffer allocates one task per read and no read object.
     */
    static final class Some extends ReadOp {
        private LoopTask<Integer> result;
        ByteBuffer dst;

        Some(LoopTask<Integer> task, ByteBuffer dst) {
            super(task);
            this.result = task;
            this.dst = dst;
        }

        /**
         * Makes this retired read the next one of its side: only once {@link ReadSide#retire} took it out of its queue
         * (its timer stopped, no RECV into {@code dst} in flight) and {@link LoopTask#releaseCancelHook} made sure no
         * cancel of its last task can still run it.
         */
        void reuse(LoopTask<Integer> task, ByteBuffer dst) {
            assert !isPending() && behind == null : "reused while in use";
            this.task = task;
            this.result = task;
            this.dst = dst;
        }

        @Override
        void forget() {
            task = null;
            result = null;
            dst = null;
        }

        @Override
        int want() {
            return Math.max(1, dst.remaining());
        }

        @Override
        void offer(ByteBuffer data) {
            int n = Math.min(data.remaining(), dst.remaining());
            int at = dst.position();
            dst.put(at, data, data.position(), n);
            dst.position(at + n);
            if (result.complete(n)) {
                data.position(data.position() + n);
            } else {
                dst.position(at); // cancelled meanwhile: the bytes stay in data for the next read
            }
        }

        /**
         * A RECV put {@code n} bytes straight into {@code dst} at its position: takes them and completes.
         *
         * @return false if the task was done meanwhile: the bytes stay where they are, {@code dst} unmoved
         */
        boolean filled(int n) {
            int at = dst.position();
            dst.position(at + n);
            if (result.complete(n)) {
                return true;
            }
            dst.position(at);
            return false;
        }

        @Override
        void endOfStream() {
            result.complete(-1);
        }
    }

    /** Exactly {@code n} bytes into a buffer of its own: {@code TcpStream.readExactly}. */
    static final class Exact extends ReadOp {
        private final LoopTask<ByteBuffer> result;
        private final ByteBuffer acc;
        private boolean flipped;
        private boolean delivered;

        Exact(LoopTask<ByteBuffer> task, int n) {
            super(task);
            this.result = task;
            this.acc = ByteBuffer.allocate(n);
        }

        @Override
        int want() {
            return Math.max(1, acc.remaining());
        }

        @Override
        void offer(ByteBuffer data) {
            int n = Math.min(data.remaining(), acc.remaining());
            acc.put(acc.position(), data, data.position(), n);
            acc.position(acc.position() + n);
            data.position(data.position() + n);
            if (!acc.hasRemaining()) {
                acc.flip();
                flipped = true;
                delivered = result.complete(acc);
            }
        }

        @Override
        void endOfStream() {
            delivered = result.completeExceptionally(new EOFException("the stream ended after " + acc.position()
                    + " of " + acc.capacity() + " bytes"));
        }

        @Override
        ByteBuffer reclaim() {
            if (delivered) {
                return null;
            }
            delivered = true;
            if (!flipped) {
                acc.flip();
            }
            return acc.hasRemaining() ? acc : null;
        }
    }

    /** Up to and including a delimiter, at most {@code max} bytes: {@code TcpStream.readUntil}. */
    static final class Until extends ReadOp {
        private static final int FIRST_CAPACITY = 256;
        private final LoopTask<ByteBuffer> result;
        private final byte[] delimiter;
        private final int max;
        private ByteBuffer acc;
        private boolean flipped;
        private boolean finished;

        Until(LoopTask<ByteBuffer> task, byte[] delimiter, int max) {
            super(task);
            this.result = task;
            this.delimiter = delimiter;
            this.max = max;
            this.acc = ByteBuffer.allocate(Math.min(max, FIRST_CAPACITY));
        }

        @Override
        int want() {
            return Math.max(1, max - acc.position());
        }

        @Override
        void offer(ByteBuffer data) {
            byte last = delimiter[delimiter.length - 1];
            int i = data.position();
            int end = data.limit();
            while (i < end) {
                byte b = data.get(i++);
                put(b);
                if (b == last && endsWithDelimiter()) {
                    data.position(i);
                    acc.flip();
                    flipped = true;
                    finished = result.complete(acc);
                    return;
                }
                if (acc.position() == max) {
                    data.position(i);
                    finished = result.completeExceptionally(new FrameTooLongException("no delimiter within " + max
                            + " bytes (the limit of this readUntil)"));
                    return;
                }
            }
            data.position(i);
        }

        private void put(byte b) {
            if (!acc.hasRemaining()) {
                int grown = (int) Math.min(max, 2L * acc.capacity());
                acc = ByteBuffer.allocate(grown).put(acc.flip());
            }
            acc.put(b);
        }

        private boolean endsWithDelimiter() {
            int p = acc.position() - delimiter.length;
            if (p < 0) {
                return false;
            }
            for (int k = 0; k < delimiter.length; k++) {
                if (acc.get(p + k) != delimiter[k]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        void endOfStream() {
            finished = result.completeExceptionally(new EOFException("the stream ended after " + acc.position()
                    + " bytes without the delimiter"));
        }

        @Override
        ByteBuffer reclaim() {
            if (finished) {
                return null;
            }
            finished = true;
            if (!flipped) {
                acc.flip();
            }
            return acc.hasRemaining() ? acc : null;
        }
    }
}
