package io.polyloop.iouring;

import io.polyloop.posix.NativeMemory;
import io.polyloop.posix.readiness.RequestQueue;
import io.polyloop.spi.HandleKind;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

/**
 * What an {@link IoUringDriver} keeps per handle (in {@link IoHandle#driverState()}): a queue per direction whose
 * head is the one request in the kernel, and, for sockets, native scratch that the kernel reads or fills while that
 * head is in flight (sockaddr, socklen, msghdr, iovecs). The scratch is freed only when nothing of this handle is in
 * the kernel any more. Not thread safe: loop thread only.
 */
final class HandleState {
    // scratch layout: the read side's area, then the write side's
    static final int R_SOCKADDR = 0;
    static final int R_SOCKLEN = 128;
    static final int R_MSGHDR = 136;
    static final int R_IOV = 192;
    static final int W_SOCKADDR = 208;
    static final int W_MSGHDR = 336;
    static final int W_IOV = 392;
    /** iovecs per SEND_VECTORED: more buffers are sent by the resubmission that follows a partial send. */
    static final int W_IOV_MAX = 32;
    static final int SCRATCH_SIZE = W_IOV + W_IOV_MAX * 16;

    final IoUringDriver owner;
    final IoHandle handle;
    final int fd;
    /** RECV, RECV_FROM, ACCEPT. Unused for files. */
    final RequestQueue reads = new RequestQueue();
    /** SEND, SEND_VECTORED, SEND_TO, CONNECT; for files every operation, one at a time, in order. */
    final RequestQueue writes = new RequestQueue();
    /**
     * Socket scratch, taken by the first operation that needs it (accept, recvfrom, a gathering or addressed send,
     * connect), kept until the handle leaves; null until then and for files. Measured: a RECV/SEND-only stream (the
     * echo) never needs it, and 5 000 idle connections held 5 000 x 904 bytes of it.
     */
    NativeMemory scratch;
    /** An ASYNC_CANCEL was sent for the head of reads / writes. */
    boolean readCancelled;
    boolean writeCancelled;
    /** The multishot side of the read queue (a listener's or a TCP stream's), or null: single-shot heads. */
    Feed feed;
    /** A CLOSE waiting for the heads in the kernel to complete before the fd is closed. */
    IoRequest closeAfterKernel;
    private long seq = 1;

    HandleState(IoUringDriver owner, IoHandle handle) {
        this.owner = owner;
        this.handle = handle;
        this.fd = (int) handle.descriptor();
    }

    boolean isFile() {
        return handle.kind() == HandleKind.FILE;
    }

    RequestQueue queueFor(IoRequest.Op op) {
        return isFile() || !isReadSide(op) ? writes : reads;
    }

    static boolean isReadSide(IoRequest.Op op) {
        return op == IoRequest.Op.RECV || op == IoRequest.Op.RECV_FROM || op == IoRequest.Op.ACCEPT
                || op == IoRequest.Op.RECV_SELECT;
    }

    /** @return whether the head of {@code q} has an SQE in the kernel */
    static boolean headInKernel(RequestQueue q) {
        IoRequest h = q.peek();
        return h != null && h.driverWord() != 0;
    }

    /** @return whether any SQE of this handle still awaits its CQE */
    boolean anythingInKernel() {
        return headInKernel(reads) || headInKernel(writes) || feed != null && feed.armed != 0;
    }

    /** Which operation suits which handle kind (RECV/SEND/CONNECT also serve connected UDP sockets). */
    static boolean allowed(HandleKind kind, IoRequest.Op op) {
        if (op == IoRequest.Op.CLOSE) {
            return true;
        }
        switch (kind) {
            case TCP_LISTENER:
                return op == IoRequest.Op.ACCEPT;
            case TCP_STREAM:
                return op == IoRequest.Op.CONNECT || op == IoRequest.Op.RECV || op == IoRequest.Op.SEND
                        || op == IoRequest.Op.SEND_VECTORED || op == IoRequest.Op.RECV_SELECT;
            case UDP:
                return op == IoRequest.Op.RECV_FROM || op == IoRequest.Op.SEND_TO || op == IoRequest.Op.RECV
                        || op == IoRequest.Op.SEND || op == IoRequest.Op.SEND_VECTORED || op == IoRequest.Op.CONNECT;
            case FILE:
                return op == IoRequest.Op.READ || op == IoRequest.Op.WRITE || op == IoRequest.Op.FSYNC;
            default:
                return false;
        }
    }

    long nextSeq() {
        return seq++;
    }
}
