package io.polyloop.scheduler.net;

import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.IoCompletion;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.util.ArrayDeque;

/**
 * The reading half of a connection: reads served in issue order, one RECV in flight at a time through a pooled
 * staging buffer. Bytes that arrive for a read cancelled too late are kept and handed to the next read (never
 * dropped). Not thread safe: loop only.
 */
final class ReadSide {
    private static final class ReadOp {
        final LoopTask<Integer> task;
        final ByteBuffer dst;

        ReadOp(LoopTask<Integer> task, ByteBuffer dst) {
            this.task = task;
            this.dst = dst;
        }
    }

    private final EventLoop loop;
    private final IoHandle handle;
    private final String peer;
    private final ArrayDeque<ReadOp> queue = new ArrayDeque<>();
    private final IoRequest request = new IoRequest();
    private ByteBuffer staging;
    private ByteBuffer leftover;
    private final InFlightGate gate = new InFlightGate(this::serve);
    private boolean endOfStream;
    private boolean closed;

    ReadSide(EventLoop loop, IoHandle handle, String peer) {
        this.loop = loop;
        this.handle = handle;
        this.peer = peer;
        request.attachment((IoCompletion) this::onComplete);
    }

    void read(LoopTask<Integer> task, ByteBuffer dst) {
        if (closed) {
            task.completeExceptionally(new AsynchronousCloseException());
            return;
        }
        ReadOp op = new ReadOp(task, dst);
        queue.add(op);
        task.onCancel(() -> cancel(op));
        gate.next();
    }

    private void serve() {
        ReadOp op;
        while ((op = queue.peek()) != null) {
            if (op.task.isDone()) {
                queue.poll();
            } else if (!op.dst.hasRemaining()) {
                queue.poll().task.complete(0);
            } else if (leftover != null) {
                int n = Math.min(leftover.remaining(), op.dst.remaining());
                op.dst.put(op.dst.position(), leftover, leftover.position(), n);
                op.dst.position(op.dst.position() + n);
                leftover.position(leftover.position() + n);
                if (!leftover.hasRemaining()) {
                    leftover = null;
                }
                queue.poll().task.complete(n);
            } else if (endOfStream) {
                queue.poll().task.complete(-1);
            } else {
                staging = loop.buffers().acquire();
                staging.limit(Math.min(staging.capacity(), op.dst.remaining()));
                request.recv(handle, staging);
                gate.submitted();
                loop.submit(request);
                return;
            }
        }
    }

    private void onComplete(IoRequest r) {
        gate.delivered();
        ReadOp op = queue.poll();
        ByteBuffer data = staging;
        staging = null;
        int result = r.result();
        try {
            if (result > 0) {
                data.limit(result);
                if (op == null || op.task.isDone()) {
                    keep(data);
                } else {
                    op.dst.put(data);
                    op.task.complete(result);
                }
            } else if (result == 0) {
                endOfStream = true;
                if (op != null) {
                    op.task.complete(-1);
                }
            } else if (op != null && !op.task.isDone()) {
                op.task.completeExceptionally(result == -Errno.ECANCELED
                        ? new AsynchronousCloseException()
                        : Errno.toException(result, "read from " + peer));
            }
        } finally {
            loop.buffers().release(data);
        }
        if (!closed) {
            gate.next();
        }
    }

    private void keep(ByteBuffer data) {
        ByteBuffer merged = ByteBuffer.allocate((leftover == null ? 0 : leftover.remaining()) + data.remaining());
        if (leftover != null) {
            merged.put(leftover);
        }
        leftover = merged.put(data).flip();
    }

    private void cancel(ReadOp op) {
        if (queue.peek() == op && gate.inFlight()) {
            Connections.cancel(loop, request);
        } else {
            queue.remove(op);
        }
    }

    /** Fails the reads not handed to the driver; the one in flight completes through the driver's close. */
    void close() {
        closed = true;
        ReadOp head = gate.inFlight() ? queue.poll() : null;
        for (ReadOp op : queue) {
            op.task.completeExceptionally(new AsynchronousCloseException());
        }
        queue.clear();
        if (head != null) {
            queue.add(head);
        }
    }
}
