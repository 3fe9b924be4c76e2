package io.polyloop.iocp;

import io.polyloop.spi.HandleKind;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

/**
 * What an {@link IocpDriver} keeps per handle (in {@link IoHandle#driverState()}): at most one overlapped call in
 * flight per direction and the requests queued behind it, which keeps each direction in submission order whatever
 * order the kernel completes calls in. A file runs one operation at a time, all in the write direction. Not thread
 * safe: loop thread only.
 */
final class Channel {
    final IocpDriver owner;
    final IoHandle handle;
    /** The SOCKET or file HANDLE. */
    final long os;
    /** Read side: ACCEPT, RECV, RECV_FROM, RECV_SELECT. */
    final RequestQueue reads = new RequestQueue();
    /** Write side: CONNECT, SEND, SEND_VECTORED, SEND_TO; for files every operation. */
    final RequestQueue writes = new RequestQueue();
    Op readOp;
    Op writeOp;
    /** FILE_SKIP_COMPLETION_PORT_ON_SUCCESS is set: a call that succeeds at once queues no packet. */
    boolean skipOnSuccess;
    /** TCP_STREAM: bound (ConnectEx needs a bound socket). */
    boolean bound;
    /** FILE opened with APPEND: every WRITE goes to the end of the file. */
    boolean append;
    /** A CLOSE waiting for the packets of the calls in flight before it closes the handle. */
    IoRequest closeRequest;
    private long seq;

    Channel(IocpDriver owner, IoHandle handle) {
        this.owner = owner;
        this.handle = handle;
        this.os = handle.descriptor();
    }

    boolean isFile() {
        return handle.kind() == HandleKind.FILE;
    }

    static boolean isReadSide(IoRequest.Op op) {
        return op == IoRequest.Op.RECV || op == IoRequest.Op.RECV_FROM || op == IoRequest.Op.ACCEPT
                || op == IoRequest.Op.RECV_SELECT;
    }

    boolean readSide(IoRequest.Op op) {
        return !isFile() && isReadSide(op);
    }

    RequestQueue queue(boolean read) {
        return read ? reads : writes;
    }

    Op inFlight(boolean read) {
        return read ? readOp : writeOp;
    }

    void inFlight(boolean read, Op op) {
        if (read) {
            readOp = op;
        } else {
            writeOp = op;
        }
    }

    boolean idle() {
        return readOp == null && writeOp == null;
    }

    long nextSeq() {
        return seq++;
    }
}
