package io.polyloop.scheduler.net;

import io.polyloop.api.net.WriteBufferFullException;
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
import java.util.function.Consumer;

/**
 * The writing half of a connection: writes (and a half-close) served in issue order, one SEND in flight at a time.
 * Caller bytes are copied into a pooled staging buffer chunk by chunk and sent until the kernel took all of them
 * (partial sends resume where they stopped). A write becomes uncancellable once its first byte is staged, so a
 * cancel can never cut a message in the middle of the stream.
 *
 * <p>Backpressure: {@link #unsent()} counts the bytes queued or staged and not yet taken by the kernel. Reaching the
 * high watermark makes the side unwritable and new writes are refused ({@link WriteBufferFullException}) until the
 * count drops to the low watermark. Not thread safe: loop only, except the volatile getters.
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

        long remaining() {
            long n = 0;
            if (srcs != null) {
                for (int i = index; i < srcs.length; i++) {
                    n += srcs[i].remaining();
                }
            }
            return n;
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
    private final ArrayDeque<LoopTask<Void>> writableWaiters = new ArrayDeque<>();
    private final int low;
    private final int high;
    private volatile long unsent;
    private volatile boolean writable = true;
    private volatile Consumer<Boolean> listener;
    private long lastActivity = System.nanoTime();

    WriteSide(EventLoop loop, IoHandle handle, String peer, int lowWatermark, int highWatermark) {
        this.loop = loop;
        this.handle = handle;
        this.peer = peer;
        this.low = lowWatermark;
        this.high = highWatermark;
        request.attachment((IoCompletion) this::onComplete);
    }

    long unsent() {
        return unsent;
    }

    boolean isWritable() {
        return writable;
    }

    long lastActivity() {
        return lastActivity;
    }

    void listener(Consumer<Boolean> l) {
        this.listener = l;
    }

    void whenWritable(LoopTask<Void> task) {
        if (writable || failure != null) {
            task.complete(null);
        } else {
            writableWaiters.add(task);
        }
    }

    private void account(long delta) {
        long n = unsent + delta;
        unsent = n;
        if (writable && n >= high) {
            writable = false;
            tell(false);
        } else if (!writable && n <= low) {
            writable = true;
            LoopTask<Void> w;
            while ((w = writableWaiters.poll()) != null) {
                w.complete(null);
            }
            tell(true);
        }
    }

    private void tell(boolean nowWritable) {
        Consumer<Boolean> l = listener;
        if (l != null) {
            l.accept(nowWritable); // EventLoop isolates a throwing listener at the task level
        }
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
        if (!writable && !op.isShutdown()) {
            op.task.completeExceptionally(new WriteBufferFullException("write to " + peer + " refused: " + unsent
                    + " bytes are unsent, above the high watermark of " + high + " (writable again at " + low
                    + "); wait for whenWritable()"));
            return;
        }
        queue.add(op);
        op.task.onCancel(() -> {
            if (queue.peek() != op && queue.remove(op)) {
                account(-op.remaining());
            }
        });
        account(op.remaining());
        gate.next();
    }

    private void serve() {
        WriteOp op;
        while ((op = queue.peek()) != null) {
            if (op.task.isDone()) {
                account(-queue.poll().remaining());
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
        if (result > 0) {
            lastActivity = System.nanoTime();
            account(-result);
        }
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
        account(-unsent);
    }

    /** Fails the writes not handed to the driver with {@code cause}; the one in flight completes through close. */
    void close(IOException cause) {
        if (failure == null) {
            failure = cause;
        }
        WriteOp head = gate.inFlight() ? queue.poll() : null;
        WriteOp op;
        while ((op = queue.poll()) != null) {
            op.task.completeExceptionally(failure);
        }
        if (head != null) {
            queue.add(head);
            account(-(unsent - staging.remaining() - head.remaining()));
        } else {
            releaseStaging();
            account(-unsent);
        }
    }

    private void releaseStaging() {
        if (staging != null) {
            loop.buffers().release(staging);
            staging = null;
        }
    }
}
