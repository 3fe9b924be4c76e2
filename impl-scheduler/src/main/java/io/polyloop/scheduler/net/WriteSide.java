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
 * Writes are not sent when issued but at the end of the loop turn ({@link EventLoop#atTurnEnd}), so that what one
 * turn wrote goes out in one syscall (unless {@link #EAGER_BYTES} are queued: those go at once): a run of writes
 * from direct buffers as one gathering SEND straight from the callers' buffers (no copy), a run of heap writes
 * copied into one pooled staging buffer and sent together. Partial
 * sends resume where they stopped; writes complete in issue order once the kernel took all their bytes. A write
 * becomes uncancellable once its first byte is handed over, so a cancel can never cut a message in the middle of the
 * stream.
 *
 * <p>Backpressure: {@link #unsent()} counts the bytes queued or staged and not yet taken by the kernel. Reaching the
 * high watermark makes the side unwritable and new writes are refused ({@link WriteBufferFullException}) until the
 * count drops to the low watermark.
 *
 * <p>An idle connection keeps this object for its lifetime: it is its own {@link InFlightGate}, its request's
 * {@link IoCompletion} and its end-of-turn flush ({@link #run()}), the queue of {@link #whenWritable} waiters is made
 * by the first that waits, and the peer is named from its stream's address only in an error message. Not thread safe: loop
 * only, except the volatile getters.
 */
final class WriteSide extends InFlightGate implements IoCompletion, Runnable {
    /** Buffers gathered into one SEND at most (a partial or longer run continues with the next SEND). */
    static final int MAX_GATHER = 16;
    /** Done write objects kept for reuse at most: a turn's writes of one stream are usually fewer. */
    static final int MAX_SPARES = 16;
    /**
     * Unsent bytes from which the writes queued go out at once instead of at the turn's end. Gathering saves a
     * syscall per small write; a write this large is worth its own, and waiting for the turn's end keeps its buffer
     * (often a read's loan being written back) out of the pool while the turn reads other streams into other buffers,
     * which pushes both out of the caches (s9 epoll note: the kernel's copies of a 4 KiB echo cost ~40 % more so).
     * Both drivers' early delivery of a large read relies on it: the reply is queued (epoll: sent; io_uring: an SQE
     * the driver submits at once) by the time the read's handler returns.
     */
    static final int EAGER_BYTES = 32 * 1024;

    /** One queued write; it is its task's cancel hook itself (no lambda per write). */
    private final class WriteOp implements Runnable {
        LoopTask<Void> task;
        /** The buffer of {@code write(ByteBuffer)}, or null. */
        ByteBuffer single;
        /** The buffers of {@code write(ByteBuffer...)}, or null; both null for a shutdown. */
        ByteBuffer[] srcs;
        boolean direct;
        /** Buffers it writes: 1, the length of {@code srcs}, or 0 for a shutdown. */
        int count;
        int index;
        /** The write queued behind it, or null (the side's queue is intrusive: no node, no iterator per write). */
        WriteOp next;
        /** Some of its bytes were handed over (it is uncancellable). */
        boolean started;

        /** Makes it the write of {@code task}: new, or taken from the side's spares ({@link #recycle}). */
        WriteOp of(LoopTask<Void> task, ByteBuffer single, ByteBuffer[] srcs) {
            this.task = task;
            this.single = single;
            this.srcs = srcs;
            this.direct = single != null ? single.isDirect() : srcs != null && allDirect(srcs);
            this.count = single != null ? 1 : srcs == null ? 0 : srcs.length;
            this.index = 0;
            this.started = false;
            return this;
        }

        private boolean allDirect(ByteBuffer[] srcs) {
            for (ByteBuffer b : srcs) {
                if (!b.isDirect()) {
                    return false;
                }
            }
            return true;
        }

        /** Cancelled: withdrawn unless some of it is on its way (the head, or started). */
        @Override
        public void run() {
            if (!started && head != this && remove(this)) {
                account(-remaining());
            }
        }

        boolean isShutdown() {
            return single == null && srcs == null;
        }

        ByteBuffer buffer(int i) {
            return single != null ? single : srcs[i];
        }

        long remaining() {
            if (single != null) {
                return single.remaining();
            }
            long n = 0;
            for (int i = index; i < count; i++) {
                n += buffer(i).remaining();
            }
            return n;
        }

        boolean hasRemaining() {
            if (single != null) {
                return single.hasRemaining();
            }
            while (index < count && !buffer(index).hasRemaining()) {
                index++;
            }
            return index < count;
        }

        /** Marks it handed over: from now on a cancel cannot cut it. */
        void start() {
            if (!started) {
                started = true;
                task.uncancellable();
            }
        }

        void stageInto(ByteBuffer staging) {
            while (staging.hasRemaining() && hasRemaining()) {
                ByteBuffer src = buffer(index);
                int n = Math.min(staging.remaining(), src.remaining());
                staging.put(staging.position(), src, src.position(), n);
                staging.position(staging.position() + n);
                src.position(src.position() + n);
            }
        }

        /** Adds its buffers with bytes left to {@code iov} from {@code n}. @return the new count */
        int gatherInto(ByteBuffer[] iov, int n) {
            for (int i = index; i < count && n < iov.length; i++) {
                ByteBuffer b = buffer(i);
                if (b.hasRemaining()) {
                    iov[n++] = b;
                }
            }
            return n;
        }
    }

    private final EventLoop loop;
    private final IoHandle handle;
    /** Its connection: the peer's address for error messages, the activity an idle timeout watches. */
    private final LoopTcpStream stream;
    /** Writes done and kept for the next ones ({@link #recycle}), linked through {@link WriteOp#next}. */
    private WriteOp spares;
    private int spareCount;
    /** The writes in issue order, linked through {@link WriteOp#next}. */
    private WriteOp head;
    private WriteOp tail;
    /** Where its SEND requests come from: lent per burst of writes, so an idle side holds none. */
    private final SendSlots slots;
    /** The request (and gather array) of the burst being sent, or null while no write waits or is in flight. */
    private SendSlots.Slot slot;
    private ByteBuffer staging;
    /** How many of the callers' direct buffers in the slot's gather array the SEND in flight sends, else 0. */
    private int sending;
    private boolean flushQueued;
    private IOException failure;
    private boolean outputShut;
    /** Tasks of {@link #whenWritable} waiting, or null until the first waits. */
    private ArrayDeque<LoopTask<Void>> writableWaiters;
    private final int low;
    private final int high;
    private volatile long unsent;
    private volatile boolean writable = true;
    private volatile Consumer<Boolean> listener;

    WriteSide(EventLoop loop, IoHandle handle, LoopTcpStream stream, int lowWatermark, int highWatermark) {
        this.loop = loop;
        this.handle = handle;
        this.stream = stream;
        this.low = lowWatermark;
        this.high = highWatermark;
        this.slots = SendSlots.of(loop);
    }

    long unsent() {
        return unsent;
    }

    boolean isWritable() {
        return writable;
    }


    void listener(Consumer<Boolean> l) {
        this.listener = l;
    }

    void whenWritable(LoopTask<Void> task) {
        if (writable || failure != null) {
            task.complete(null);
        } else {
            if (writableWaiters == null) {
                writableWaiters = new ArrayDeque<>(4);
            }
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
            while (writableWaiters != null && (w = writableWaiters.poll()) != null) {
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

    void write(LoopTask<Void> task, ByteBuffer src) {
        enqueue(op().of(task, src, null));
    }

    void write(LoopTask<Void> task, ByteBuffer[] srcs) {
        enqueue(op().of(task, null, srcs));
    }

    void shutdownOutput(LoopTask<Void> task) {
        enqueue(op().of(task, null, null));
    }

    /** @return a spare write object, else a new one */
    private WriteOp op() {
        WriteOp op = spares;
        if (op == null) {
            return new WriteOp();
        }
        spares = op.next;
        op.next = null;
        spareCount--;
        return op;
    }

    /**
     * Keeps a completed write for the next one, unless it was cancelled: its hook runs in a later task, and run
     * against the next write it would withdraw that one. Drops the callers' buffers.
     */
    private void recycle(WriteOp op) {
        if (spareCount == MAX_SPARES || !op.task.releaseCancelHook(op)) {
            return;
        }
        op.task = null;
        op.single = null;
        op.srcs = null;
        op.next = spares;
        spares = op;
        spareCount++;
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
            op.task.completeExceptionally(new WriteBufferFullException("write to " + stream.remoteAddress() + " refused: " + unsent
                    + " bytes are unsent, above the high watermark of " + high + " (writable again at " + low
                    + "); wait for whenWritable()"));
            return;
        }
        add(op);
        op.task.onCancel(op);
        account(op.remaining());
        if (unsent >= EAGER_BYTES) {
            next(); // no-op while a SEND is in flight or a serve pass runs: the turn's end then sends it
        }
        if (!flushQueued) {
            flushQueued = true;
            loop.atTurnEnd(this);
        }
    }

    /** The end-of-turn flush: send what the turn queued, unless a SEND is in flight (its completion goes on). */
    @Override
    public void run() {
        flushQueued = false;
        next();
    }

    @Override
    void serve() {
        WriteOp op;
        while ((op = head) != null) {
            if (op.task.isDone() && !op.started) {
                account(-poll().remaining()); // cancelled before any byte went out
            } else if (op.isShutdown()) {
                poll();
                try {
                    Connections.driver(loop).shutdown(handle, false, true);
                    outputShut = true;
                    op.task.complete(null);
                } catch (IOException e) {
                    op.task.completeExceptionally(e);
                }
            } else if (!op.hasRemaining()) {
                poll().task.complete(null);
                recycle(op);
            } else if (op.direct) {
                sendDirect();
                return;
            } else {
                sendStaged();
                return;
            }
        }
        releaseStaging();
        releaseSlot(); // nothing left to send: an idle side holds no request
    }

    /** @return the slot of this burst of writes, taken now if the side had none */
    private SendSlots.Slot slot() {
        SendSlots.Slot s = slot;
        if (s == null) {
            s = slots.take();
            s.request.attachment(this);
            slot = s;
        }
        return s;
    }

    private void releaseSlot() {
        SendSlots.Slot s = slot;
        if (s != null) {
            slot = null;
            s.request.attachment(null);
            slots.give(s);
        }
    }

    /** One SEND straight from the direct buffers of the writes at the head, up to {@link #MAX_GATHER} buffers. */
    private void sendDirect() {
        releaseStaging();
        SendSlots.Slot s = slot();
        if (s.iov == null) {
            s.iov = new ByteBuffer[MAX_GATHER];
        }
        ByteBuffer[] iov = s.iov;
        IoRequest request = s.request;
        int n = 0;
        for (WriteOp op = head; op != null; op = op.next) {
            if (!op.direct || op.isShutdown() || n == MAX_GATHER) {
                break;
            }
            if (op.task.isDone() && !op.started) {
                continue; // cancelled: its bytes are not sent (its cancel hook or serve drops it)
            }
            op.start();
            n = op.gatherInto(iov, n);
        }
        sending = n;
        if (n == 1) {
            request.send(handle, iov[0]);
        } else {
            request.sendVectored(handle, iov, 0, n);
        }
        submitted();
        loop.submit(request);
    }

    /** One SEND of the heap writes at the head, copied into the staging buffer as far as it holds them. */
    private void sendStaged() {
        if (staging == null) {
            try {
                staging = loop.buffers().acquire();
            } catch (OutOfMemoryError e) { // out of direct memory: this stream's writes fail, not the loop
                fail(new IOException("no direct memory for the staging buffer of a write to " + stream.remoteAddress() + ": "
                        + e.getMessage(), e)); // skipping the write instead would leave a hole in the stream
                return;
            }
        }
        staging.clear();
        for (WriteOp op = head; op != null; op = op.next) {
            if (op.direct || op.isShutdown() || !staging.hasRemaining()) {
                break;
            }
            if (op.task.isDone() && !op.started) {
                continue;
            }
            op.start();
            op.stageInto(staging);
        }
        staging.flip();
        sending = 0;
        send();
    }

    private void send() {
        IoRequest request = slot().request;
        request.send(handle, staging);
        submitted();
        loop.submit(request);
    }

    @Override
    public void onIoComplete(IoRequest r) {
        delivered();
        int result = r.result();
        if (failure != null) {
            fail(failure);
            return;
        }
        if (result < 0) {
            fail(result == -Errno.ECANCELED
                    ? new AsynchronousCloseException()
                    : Errno.toException(result, "write to " + stream.remoteAddress()));
            return;
        }
        if (result > 0) {
            stream.active();
            account(-result);
        }
        if (sending > 0) {
            advance(result);
        } else {
            staging.position(staging.position() + result);
            if (staging.hasRemaining()) {
                send();
                return;
            }
        }
        next();
    }

    /** Moves the callers' buffers past the {@code sent} bytes of a direct SEND (drivers never move them). */
    private void advance(long sent) {
        ByteBuffer[] iov = slot.iov;
        for (int i = 0; i < sending; i++) {
            ByteBuffer b = iov[i];
            int n = (int) Math.min(sent, b.remaining());
            b.position(b.position() + n);
            sent -= n;
            iov[i] = null; // do not keep callers' buffers reachable
        }
        sending = 0;
    }

    /** A failed send breaks the stream: this write and every later one fail with the same cause. */
    private void fail(IOException cause) {
        failure = cause;
        WriteOp op;
        while ((op = poll()) != null) {
            op.task.completeExceptionally(cause);
        }
        releaseStaging();
        if (slot != null && slot.iov != null) {
            java.util.Arrays.fill(slot.iov, null);
        }
        sending = 0;
        releaseSlot(); // not in flight: fail runs before a submit or after a delivery
        account(-unsent);
    }

    /** Fails the writes not handed to the driver with {@code cause}; the one in flight completes through close. */
    void close(IOException cause) {
        if (failure == null) {
            failure = cause;
        }
        WriteOp sent = inFlight() ? poll() : null;
        WriteOp op;
        while ((op = poll()) != null) {
            op.task.completeExceptionally(failure);
        }
        if (sent != null) {
            add(sent);
            account(-(unsent - inFlightBytes(sent)));
        } else {
            releaseStaging();
            releaseSlot();
            account(-unsent);
        }
    }

    /** Bytes of the SEND in flight still counted unsent (head is the write at its start, kept until it completes). */
    private long inFlightBytes(WriteOp head) {
        if (sending == 0) {
            return staging.remaining() + head.remaining();
        }
        long n = 0;
        for (int i = 0; i < sending; i++) {
            n += slot.iov[i].remaining();
        }
        return n;
    }

    private void add(WriteOp op) {
        if (tail == null) {
            head = op;
        } else {
            tail.next = op;
        }
        tail = op;
    }

    private WriteOp poll() {
        WriteOp op = head;
        if (op != null) {
            head = op.next;
            if (head == null) {
                tail = null;
            }
            op.next = null;
        }
        return op;
    }

    /** Unlinks a write not at the head (a cancel; rare, so a walk). @return whether it was queued */
    private boolean remove(WriteOp op) {
        for (WriteOp prev = head; prev != null; prev = prev.next) {
            if (prev.next == op) {
                prev.next = op.next;
                if (tail == op) {
                    tail = prev;
                }
                op.next = null;
                return true;
            }
        }
        return false;
    }

    private void releaseStaging() {
        if (staging != null) {
            loop.buffers().release(staging);
            staging = null;
        }
    }
}
