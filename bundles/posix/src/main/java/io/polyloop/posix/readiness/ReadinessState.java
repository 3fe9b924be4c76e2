package io.polyloop.posix.readiness;

import io.polyloop.spi.HandleKind;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.util.List;

/**
 * What a readiness driver (epoll, kqueue) keeps per handle, whatever the kernel API: the readiness bits, the pending
 * requests per direction, and for files the one operation running on the {@link BlockingPool}. A backend extends it
 * with its own fields (its driver, its registration) and stores it in {@link IoHandle#driverState()}. The fields are
 * the backend's to read and write. Not thread safe: loop thread only.
 */
public abstract class ReadinessState {
    public final IoHandle handle;
    public final int fd;
    /** Read side: RECV, RECV_FROM, ACCEPT. For files: unused. */
    public final RequestQueue reads = new RequestQueue();
    /** Write side: SEND, SEND_VECTORED, SEND_TO, CONNECT. For files: every operation, run one at a time. */
    public final RequestQueue writes = new RequestQueue();
    /** Readiness as last seen: set by an event, cleared by EAGAIN. Meaningless for files. */
    public boolean readable;
    public boolean writable;
    /**
     * FILE: a WRITE goes through write(2), which appends whatever the position says. Set by a backend whose platform's
     * pwrite(2) may not append on an O_APPEND descriptor (POSIX leaves it open); Linux's does, so epoll leaves it false.
     */
    public boolean append;
    /** FILE: the operation on the blocking pool, or null. */
    public FileTask running;
    /** FILE: a CLOSE waiting for {@link #running} to finish before the fd may be closed. */
    public IoRequest closeAfterRunning;
    /** Submission number of the next request: {@link #drainBySubmission} merges the two queues back by it. */
    private long seq;

    protected ReadinessState(IoHandle handle) {
        this.handle = handle;
        this.fd = (int) handle.descriptor();
    }

    public final boolean isFile() {
        return handle.kind() == HandleKind.FILE;
    }

    /** The queue {@code op} waits in: one per direction for sockets; files run everything in one, in order. */
    public final RequestQueue queueFor(IoRequest.Op op) {
        return isFile() || !Ops.isReadSide(op) ? writes : reads;
    }

    public final long nextSeq() {
        return seq++;
    }

    /**
     * Detach or release: empties both queues into {@code into} in submission order. A CONNECT whose connect(2) is in
     * progress (its {@code driverData()} is the backend's {@code connecting} mark) is reset, so that the next driver
     * issues connect(2) again and gets EALREADY or EISCONN.
     */
    public final void drainBySubmission(List<IoRequest> into, Object connecting) {
        while (!reads.isEmpty() || !writes.isEmpty()) {
            boolean takeRead = writes.isEmpty() || !reads.isEmpty() && reads.peekSeq() < writes.peekSeq();
            IoRequest r = takeRead ? reads.poll() : writes.poll();
            if (r.driverData() == connecting) {
                r.driverData(null);
            }
            into.add(r);
        }
    }

    /**
     * Adopt: the requests a previous driver handed over join the queues in their order. Readiness is unknown, so
     * both directions count as ready and the first syscall finds out (EAGAIN clears the bit).
     */
    public final void resume(List<IoRequest> pending) {
        readable = true;
        writable = true;
        for (IoRequest r : pending) {
            queueFor(r.op()).add(r, nextSeq());
        }
    }
}
