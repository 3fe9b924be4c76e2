package io.polyloop.iocp.emulation;

import java.net.InetSocketAddress;

/** One overlapped call in the emulated kernel: what the caller passed and how far it got. Guarded by the kernel's lock. */
final class EmuOp {
    enum Kind { RECV, SEND, RECV_FROM, SEND_TO, ACCEPT, CONNECT, READ, WRITE }

    final Kind kind;
    final long overlapped;
    long buffers;
    int bufferCount;
    long fromPtr;
    long fromLenPtr;
    InetSocketAddress target;
    EmuSocket acceptSocket;
    long acceptBuffer;
    int acceptAddressLength;
    /** SEND: bytes taken so far (an overlapped send completes when all are taken). */
    int progress;
    /** READ/WRITE: the buffer and the file offset (or append). */
    long fileBuffer;
    int fileLength;
    long offset;
    boolean append;

    EmuOp(Kind kind, long overlapped) {
        this.kind = kind;
        this.overlapped = overlapped;
    }

    boolean readSide() {
        return kind == Kind.RECV || kind == Kind.RECV_FROM || kind == Kind.ACCEPT;
    }
}
