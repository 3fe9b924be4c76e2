package io.polyloop.epoll;

import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

/**
 * What an {@link EpollDriver} keeps per handle (in {@link IoHandle#driverState()}): the edge-triggered readiness
 * bits, the pending requests per direction, and for files the one operation running on the blocking pool. Not
 * thread safe: loop thread only.
 */
final class HandleState {
    final EpollDriver owner;
    final IoHandle handle;
    final int fd;
    /** Read side: RECV, RECV_FROM, ACCEPT. For files: unused. */
    final RequestQueue reads = new RequestQueue();
    /** Write side: SEND, SEND_VECTORED, SEND_TO, CONNECT. For files: every operation, run one at a time. */
    final RequestQueue writes = new RequestQueue();
    /** Readiness as last seen: set by an event, cleared by EAGAIN. Meaningless for files. */
    boolean readable;
    boolean writable;
    /** Input the previous driver had received and not delivered (a hot swap from io_uring): served first. */
    io.polyloop.spi.CarriedInput carried;
    /** Whether the fd is in the epoll set (sockets only). */
    boolean registered;
    /** FILE: the operation on the blocking pool, or null. */
    FileTask running;
    /** FILE: a CLOSE waiting for {@link #running} to finish before the fd may be closed. */
    IoRequest closeAfterRunning;
    /** Submission number of the next request: detach merges {@link #reads} and {@link #writes} back by it. */
    private long seq;

    HandleState(EpollDriver owner, IoHandle handle) {
        this.owner = owner;
        this.handle = handle;
        this.fd = (int) handle.descriptor();
    }

    boolean isFile() {
        return handle.kind() == io.polyloop.spi.HandleKind.FILE;
    }

    /** The queue {@code op} waits in: one per direction for sockets; files run everything in one, in order. */
    RequestQueue queueFor(IoRequest.Op op) {
        return isFile() || !Ops.isReadSide(op) ? writes : reads;
    }

    long nextSeq() {
        return seq++;
    }
}
