package io.polyloop.scheduler.net;

import io.polyloop.api.buffer.BufferPool;
import io.polyloop.api.buffer.PooledBuffer;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.IoCompletion;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * The reading half of a connection: reads served in issue order, one RECV in flight at a time. A plain read into a
 * direct buffer receives straight into it when the driver {@linkplain IoDriver#cancelsAtOnce() cancels at once}
 * (epoll, kqueue): no copy, and no staging buffer held while the read waits, so an idle connection pins no native
 * memory. A pooled read ({@link PooledRead}) on a driver that {@linkplain IoDriver#selectsRecvBuffers() selects
 * RECV buffers} (all four backends) takes its loan only when bytes are there, so it pins none while waiting either.
 * Other reads (heap buffers, {@code readExactly}/{@code readUntil}, completion backends, whose kernel may write into
 * a buffer after a cancel) go through a pooled staging buffer taken for the RECV only.
 *
 * <p>Bytes received beyond what the head read takes, or for a read cancelled or timed out too late, are kept for the
 * next read (never dropped). Bound: the kept bytes never exceed one staging buffer (or one direct read's buffer)
 * plus what one {@code readExactly}/{@code readUntil} had taken, since a RECV is only issued when nothing is kept.
 *
 * <p>An idle connection keeps this object for its lifetime, so it holds no more objects than it needs: it is its own
 * {@link InFlightGate} and its request's {@link IoCompletion}, its queue is intrusive ({@link ReadOp#behind}), and the
 * peer is named from its stream's address only when an error message needs it. Not thread safe: loop only.
 */
final class ReadSide extends InFlightGate implements IoCompletion {
    private final EventLoop loop;
    private final IoHandle handle;
    /** Its connection: the peer's address for error messages, the activity an idle timeout watches. */
    private final LoopTcpStream stream;
    /** The reads in issue order, linked through {@link ReadOp#behind}. */
    private ReadOp head;
    private ReadOp tail;
    private final IoRequest request = new IoRequest();
    /** The RECV's outcome was handled when submit returned; its later delivery only ends the flight. */
    private boolean early;
    private ByteBuffer staging;
    /** The read whose own buffer the RECV in flight fills (instead of {@link #staging}), or null. */
    private ReadOp.Some direct;
    /** The pooled read whose RECV_SELECT is in flight (its loan is taken when bytes are there), or null. */
    private PooledRead selected;
    /** The head pooled read, waiting for memory for its loan: nothing is served until its retry, or null. */
    private PooledRead starving;
    /** The bytes of the direct RECV in flight were already kept when its read was abandoned (see abandon). */
    private boolean salvaged;
    private ByteBuffer leftover;
    /** The last pooled or plain read retired whose task can no longer run it (see {@link #retire}), or null. */
    private ReadOp spare;
    private boolean endOfStream;
    private IOException failure;
    private long timeoutNanos;

    ReadSide(EventLoop loop, IoHandle handle, LoopTcpStream stream) {
        this.loop = loop;
        this.handle = handle;
        this.stream = stream;
        request.attachment(this);
    }

    void read(ReadOp op) {
        if (failure != null) {
            op.task.completeExceptionally(failure);
            return;
        }
        add(op);
        op.side = this;
        op.task.onCancel(op);
        if (timeoutNanos > 0) {
            op.startTimer(loop, timeoutNanos);
        }
        next();
    }

    /** @return a pooled read for {@code task}: the spare made over if it is one, else a new one */
    PooledRead pooled(LoopTask<PooledBuffer> task, BufferPool pool, int max, LoanSizer sizer) {
        if (!(spare instanceof PooledRead)) {
            return new PooledRead(task, pool, max, sizer);
        }
        PooledRead op = (PooledRead) spare;
        spare = null;
        op.reuse(task, pool, max);
        return op;
    }

    /** @return a read into {@code dst} for {@code task}: the spare made over if it is one, else a new one */
    ReadOp.Some some(LoopTask<Integer> task, ByteBuffer dst) {
        if (!(spare instanceof ReadOp.Some)) {
            return new ReadOp.Some(task, dst);
        }
        ReadOp.Some op = (ReadOp.Some) spare;
        spare = null;
        op.reuse(task, dst);
        return op;
    }

    void timeoutNanos(long nanos) {
        this.timeoutNanos = nanos;
    }


    /** The wheel at a pending read's deadline. */
    void timeOut(ReadOp op) {
        if (op.task.completeExceptionally(new SocketTimeoutException("read from " + stream.remoteAddress() + " timed out after "
                + timeoutNanos / 1_000_000 + " ms"))) {
            abandon(op);
        }
    }

    @Override
    void serve() {
        if (failure != null) {
            drain();
            return;
        }
        ReadOp op;
        while ((op = head) != null) {
            if (starving != null) {
                return; // out of direct memory: the head waits for its retry (PooledRead.waitForMemory)
            }
            if (op.task.isDone()) {
                retire(poll());
            } else if (op instanceof ReadOp.Some && !((ReadOp.Some) op).dst.hasRemaining()) {
                ((ReadOp.Some) op).offer(ByteBuffer.allocate(0));
            } else if (leftover != null) {
                ByteBuffer data = leftover;
                leftover = null;
                op.offer(data);
                if (data.hasRemaining()) {
                    keep(data);
                }
            } else if (endOfStream) {
                op.endOfStream();
            } else {
                if (inFlight()) {
                    return; // a RECV handled early is not delivered yet: the request cannot be prepared again
                }
                IoDriver driver;
                try {
                    driver = Connections.driver(loop);
                } catch (UncheckedIOException e) {
                    // The loop is ending (it failed and closes its driver, whose close cancels this side's RECV):
                    // this read and the others fail with why, rather than the completion handler throwing.
                    fail(e.getCause());
                    drain();
                    return;
                }
                if (op instanceof PooledRead && driver.selectsRecvBuffers()) {
                    selected = (PooledRead) op;
                    request.recvSelect(handle, selected);
                } else if (op instanceof ReadOp.Some && ((ReadOp.Some) op).dst.isDirect() && driver.cancelsAtOnce()) {
                    direct = (ReadOp.Some) op;
                    request.recv(handle, direct.dst);
                } else {
                    try {
                        staging = loop.buffers().acquire();
                    } catch (OutOfMemoryError e) { // out of direct memory: this read fails, not the loop
                        poll();
                        op.task.completeExceptionally(new IOException("no direct memory for the staging buffer of a"
                                + " read from " + stream.remoteAddress() + ": " + e.getMessage(), e));
                        retire(op);
                        continue;
                    }
                    staging.limit(Math.min(staging.capacity(), op.want()));
                    request.recv(handle, staging);
                }
                submitted();
                loop.submit(request);
                if (!request.isCompleted()) {
                    return;
                }
                // Performed inside submit (a readiness driver with data waiting): take the bytes now rather than
                // a poll later, so the read completes at once and a caller's buffer never holds undelivered bytes.
                early = true;
                handle(request);
            }
        }
    }

    @Override
    public void onIoComplete(IoRequest r) {
        complete();
    }

    @Override
    void handleCompletion() {
        if (early) {
            early = false;
        } else {
            handle(request);
        }
    }

    private void handle(IoRequest r) {
        if (direct != null) {
            handleDirect(r);
            return;
        }
        if (selected != null) {
            handleSelected(r);
            return;
        }
        ReadOp op = head;
        ByteBuffer data = staging;
        staging = null;
        int result = r.result();
        try {
            if (result > 0) {
                stream.active();
                data.limit(result);
                if (op != null && !op.task.isDone()) {
                    op.offer(data);
                }
                if (data.hasRemaining()) {
                    keep(data);
                }
            } else if (result == 0) {
                endOfStream = true;
            } else if (result != -Errno.ECANCELED) {
                fail(Errno.toException(result, "read from " + stream.remoteAddress()));
            } // else: cancelled for a read abandoned meanwhile, or by close (which set the failure)
        } finally {
            loop.buffers().release(data);
        }
        if (op != null && op.task.isDone() && head == op) {
            retire(poll());
        }
    }

    /** The RECV filled the head read's own buffer: the read takes the bytes, or they are kept if it ended. */
    private void handleDirect(IoRequest r) {
        ReadOp.Some op = direct;
        direct = null;
        boolean kept = salvaged;
        salvaged = false;
        int result = r.result();
        if (result > 0) {
            stream.active();
            if (!kept && (op.task.isDone() || !op.filled(result))) {
                keep(received(op.dst, result));
            }
        } else if (result == 0) {
            endOfStream = true;
        } else if (result != -Errno.ECANCELED) {
            fail(Errno.toException(result, "read from " + stream.remoteAddress()));
        }
        if (op.task.isDone() && head == op) {
            retire(poll());
        }
    }

    /** The RECV_SELECT filled a loan of the head pooled read: it takes it, or the bytes are kept if it ended. */
    private void handleSelected(IoRequest r) {
        PooledRead op = selected;
        selected = null;
        int result = r.result();
        if (result > 0) {
            stream.active();
            ByteBuffer undelivered = op.filled(result);
            if (undelivered != null) {
                keep(undelivered);
                op.dropLoan();
            }
        } else if (result == 0) {
            endOfStream = true;
        } else if (result == -Errno.ENOBUFS) { // no memory for its loan (RecvBufferSource): the bytes wait too
            if (!op.task.isDone()) {
                starve(op);
            }
        } else if (result != -Errno.ECANCELED) {
            fail(Errno.toException(result, "read from " + stream.remoteAddress()));
        }
        if (op.task.isDone() && head == op) {
            retire(poll());
        }
    }

    /** The head pooled read got no memory for its loan: it waits for its retry, or has failed (PooledRead). */
    void starve(PooledRead op) {
        if (op.waitForMemory(loop)) {
            starving = op;
        }
    }

    /** The retry of a pooled read waiting for memory is due. */
    void retryStarved(PooledRead op) {
        if (starving == op) {
            starving = null;
            next();
        }
    }

    /** The {@code n} bytes a RECV put at {@code dst}'s position, as a view (rare path: a read that ended). */
    private static ByteBuffer received(ByteBuffer dst, int n) {
        ByteBuffer view = dst.duplicate();
        view.limit(view.position() + n);
        return view;
    }

    /** Appends {@code data} to the kept bytes (copied: it may be a pooled buffer). */
    private void keep(ByteBuffer data) {
        ByteBuffer merged = ByteBuffer.allocate((leftover == null ? 0 : leftover.remaining()) + data.remaining());
        if (leftover != null) {
            merged.put(leftover);
        }
        leftover = merged.put(data).flip();
    }

    /** Puts bytes an abandoned read had taken back in front of the kept bytes. */
    private void pushBack(ByteBuffer taken) {
        if (taken == null) {
            return;
        }
        ByteBuffer rest = leftover;
        leftover = null;
        keep(taken);
        if (rest != null) {
            keep(rest);
        }
    }

    /**
     * A read left the queue: stop its timer, take back what it could not deliver. A done pooled or plain read becomes
     * the spare unless a cancel took its hook (a hook posted by a cancel from another thread, or from the loop, runs in
     * a later task: were the object the next read by then, the hook would withdraw or time out that read instead), or
     * a RECV in flight still fills it (never: its completion retires it; the check guards the rule).
     */
    private void retire(ReadOp op) {
        op.stopTimer(loop);
        if (op == starving) { // cancelled, timed out or failed by close while it waited for memory
            starving.stopRetry(loop);
            starving = null;
        }
        pushBack(op.reclaim());
        if ((op instanceof PooledRead || op instanceof ReadOp.Some) && op != selected && op != direct
                && op.task.releaseCancelHook(op)) {
            op.forget();
            spare = op;
        }
    }

    /** A read was cancelled or timed out: stop the RECV serving it, or drop it from the queue. */
    void abandon(ReadOp op) {
        if (head == op && inFlight()) {
            if (!request.isCompleted()) {
                Connections.cancel(loop, request); // its completion retires op
            }
            if (op == direct && request.isCompleted() && request.result() > 0 && !salvaged) {
                // Received into the caller's buffer but not yet delivered: keep the bytes now, while the buffer is
                // surely untouched; the caller owns it again from here on.
                salvaged = true;
                keep(received(direct.dst, request.result()));
            }
        } else if (remove(op)) {
            retire(op);
            next();
        }
    }

    /** A failed receive breaks the stream for reading: every read, now and later, fails with the same cause. */
    private void fail(IOException cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    private void drain() {
        ReadOp op;
        while ((op = head) != null) {
            if (inFlight()) {
                // the head waits for its RECV's completion (driver close), which drains again; a read issued by a
                // continuation here fails at once (failure is set), so the queue behind the head only shrinks
                ReadOp o;
                while ((o = op.behind) != null) {
                    remove(o);
                    o.task.completeExceptionally(failure);
                    retire(o);
                }
                return;
            }
            poll();
            op.task.completeExceptionally(failure);
            retire(op);
        }
    }

    // ------------------------------------------------------------------ the intrusive queue

    private void add(ReadOp op) {
        assert op.behind == null && op != tail : "queued twice";
        if (tail == null) {
            head = op;
        } else {
            tail.behind = op;
        }
        tail = op;
    }

    private ReadOp poll() {
        ReadOp op = head;
        if (op != null) {
            head = op.behind;
            if (head == null) {
                tail = null;
            }
            op.behind = null;
        }
        return op;
    }

    /** Unlinks {@code op} (a cancel or a close; rare, so a walk). @return whether it was queued */
    private boolean remove(ReadOp op) {
        if (head == op) {
            poll();
            return true;
        }
        for (ReadOp prev = head; prev != null; prev = prev.behind) {
            if (prev.behind == op) {
                prev.behind = op.behind;
                if (tail == op) {
                    tail = prev;
                }
                op.behind = null;
                return true;
            }
        }
        return false;
    }

    /** Fails the reads not handed to the driver with {@code cause}; the one in flight completes through close. */
    void close(IOException cause) {
        fail(cause);
        drain();
    }
}
