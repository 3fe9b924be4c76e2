package io.polyloop.scheduler.net;

import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.IoCompletion;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;

/**
 * The writing half of a connection: writes (and a half-close) served in issue order, one SEND in flight at a time.
 * Caller bytes are copied into a pooled staging buffer chunk by chunk and sent until the kernel took all of them
 * (partial sends resume where they stopped). A write becomes uncancellable once its first byte is staged, so a
 * cancel can never cut a message in the middle of the stream. Not thread safe: loop only.
 */
final class WriteSide {
    private static final class WriteOp {
        final LoopTask<Void> task;
        final ByteBuffer[] srcs;
        int index;

        WriteOp(LoopTask<Void> task, ByteBuffer[] srcs) {
            this.task = task;
            this.srcs = srcs;
        }

        boolean isShutdown() {
            return srcs == null;
        }

        boolean hasRemaining() {
            while (index < srcs.length && !srcs[index].hasRemaining()) {
                index++;
            }
            return index < srcs.length;
        }

        void stageInto(ByteBuffer staging) {
            while (staging.hasRemaining() && hasRemaining()) {
                ByteBuffer src = srcs[index];
                int n = Math.min(staging.remaining(), src.remaining());
                staging.put(staging.position(), src, src.position(), n);
                staging.position(staging.position() + n);
                src.position(src.position() + n);
            }
        }
    }

    private final EventLoop loop;
    private final IoHandle handle;
    private final String peer;
    private final ArrayDeque<WriteOp> queue = new ArrayDeque<>();
    private final IoRequest request = new IoRequest();
    private ByteBuffer staging;
    private IOException failure;
    private boolean outputShut;
    private final InFlightGate gate = new InFlightGate(this::serve);

    WriteSide(EventLoop loop, IoHandle handle, String peer) {
        this.loop = loop;
        this.handle = handle;
        this.peer = peer;
        request.attachment((IoCompletion) this::onComplete);
    }

    void write(LoopTask<Void> task, ByteBuffer[] srcs) {
        enqueue(new WriteOp(task, srcs));
    }

    void shutdownOutput(LoopTask<Void> task) {
        enqueue(new WriteOp(task, null));
    }

    private void enqueue(WriteOp op) {
        if (failure != null) {
            op.task.completeExceptionally(failure);
            return;
        }
        if (outputShut) {
            op.task.completeExceptionally(new ClosedChannelException());
            return;
        }
        queue.add(op);
        op.task.onCancel(() -> {
            if (queue.peek() != op) {
                queue.remove(op);
            }
        });
        gate.next();
    }

    private void serve() {
        WriteOp op;
        while ((op = queue.peek()) != null) {
            if (op.task.isDone()) {
                queue.poll();
            } else if (op.isShutdown()) {
                queue.poll();
                try {
                    Connections.driver(loop).shutdown(handle, false, true);
                    outputShut = true;
                    op.task.complete(null);
                } catch (IOException e) {
                    op.task.completeExceptionally(e);
                }
            } else if (!op.hasRemaining()) {
                queue.poll().task.complete(null);
            } else {
                op.task.uncancellable();
                if (staging == null) {
                    staging = loop.buffers().acquire();
                }
                staging.clear();
                op.stageInto(staging);
                staging.flip();
                send();
                return;
            }
        }
        releaseStaging();
    }

    private void send() {
        request.send(handle, staging);
        gate.submitted();
        loop.submit(request);
    }

    private void onComplete(IoRequest r) {
        gate.delivered();
        int result = r.result();
        if (failure != null) {
            fail(failure);
            return;
        }
        if (result < 0) {
            fail(result == -Errno.ECANCELED
                    ? new AsynchronousCloseException()
                    : Errno.toException(result, "write to " + peer));
            return;
        }
        staging.position(staging.position() + result);
        if (staging.hasRemaining()) {
            send();
            return;
        }
        gate.next();
    }

    /** A failed send breaks the stream: this write and every later one fail with the same cause. */
    private void fail(IOException cause) {
        failure = cause;
        WriteOp op;
        while ((op = queue.poll()) != null) {
            op.task.completeExceptionally(cause);
        }
        releaseStaging();
    }

    /** Fails the writes not handed to the driver; the one in flight completes through the driver's close. */
    void close() {
        if (failure == null) {
            failure = new AsynchronousCloseException();
        }
        WriteOp head = gate.inFlight() ? queue.poll() : null;
        WriteOp op;
        while ((op = queue.poll()) != null) {
            op.task.completeExceptionally(failure);
        }
        if (head != null) {
            queue.add(head);
        } else {
            releaseStaging();
        }
    }

    private void releaseStaging() {
        if (staging != null) {
            loop.buffers().release(staging);
            staging = null;
        }
    }
}
