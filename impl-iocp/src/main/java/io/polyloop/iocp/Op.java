package io.polyloop.iocp;

import io.polyloop.spi.IoRequest;

import java.nio.ByteBuffer;

/**
 * One slot of native memory for one overlapped operation, and the Java side of it. The slot starts with the
 * OVERLAPPED the kernel writes to, so the OVERLAPPED address of a completion packet leads back here; the rest holds
 * what the call points into and must stay put until the packet arrives (flags, address, WSABUFs, the AcceptEx output).
 * A slot returns to the free list only when its packet has arrived, or when the call failed without queuing one.
 * Not thread safe: loop thread only.
 */
final class Op {
    /** Slot layout, in bytes from the OVERLAPPED. */
    static final int FLAGS = Layouts.OVERLAPPED_SIZE;           // DWORD for WSARecv/WSARecvFrom
    static final int ADDR_LEN = FLAGS + 4;                       // INT for WSARecvFrom
    static final int ADDR = 48;                                  // SOCKADDR_STORAGE, 8-aligned
    static final int ACCEPT_BUFFER = ADDR + Layouts.SOCKADDR_STORAGE_SIZE;      // AcceptEx local + remote
    static final int WSABUFS = ACCEPT_BUFFER + 2 * Layouts.ACCEPTEX_ADDRESS_LENGTH + 8;
    /** Buffers one gathering WSASend takes; more are sent by the next request (a partial send). */
    static final int MAX_WSABUFS = 16;
    static final int SIZE = WSABUFS + MAX_WSABUFS * Layouts.WSABUF_SIZE;

    static final int NOT_CANCELLED = 0;
    static final int BY_CALLER = 1;
    static final int BY_DETACH = 2;

    final int index;
    /** Address of the OVERLAPPED. */
    final long address;
    /** Little-endian view of the whole chunk; this slot starts at {@link #base}. */
    final ByteBuffer view;
    final int base;

    IoRequest request;
    Channel channel;
    /** ACCEPT: the socket AcceptEx connects; closed here unless it became a handle. */
    long acceptSocket;
    /** Why CancelIoEx was called for it: {@link #NOT_CANCELLED}, {@link #BY_CALLER} (cancel, CLOSE, close), {@link
     * #BY_DETACH} (the request then moves to the next driver unless it finished first). */
    int cancelled;
    /** FSYNC running on the blocking pool: its packet is posted, not produced by the kernel. */
    boolean blocking;
    boolean readSide;
    /** RECV_SELECT: its zero-byte WSARecv (waiting for bytes, holding no buffer) is the call in flight. */
    boolean probing;

    Op(int index, long address, ByteBuffer view, int base) {
        this.index = index;
        this.address = address;
        this.view = view;
        this.base = base;
    }

    void start(Channel c, IoRequest r, boolean read) {
        channel = c;
        request = r;
        readSide = read;
        acceptSocket = 0;
        cancelled = NOT_CANCELLED;
        blocking = false;
        probing = r.op() == IoRequest.Op.RECV_SELECT;
        clearOverlapped();
    }

    /** A fresh OVERLAPPED for every call: Internal, InternalHigh, Offset, OffsetHigh and hEvent all zero. */
    void clearOverlapped() {
        for (int i = 0; i < Layouts.OVERLAPPED_SIZE; i += 8) {
            view.putLong(base + i, 0);
        }
    }

    void clear() {
        request = null;
        channel = null;
    }

    /** The NTSTATUS the kernel left in OVERLAPPED.Internal: only the low 32 bits (IO_STATUS_BLOCK.Status). */
    int status() {
        return view.getInt(base + Layouts.OVERLAPPED_INTERNAL);
    }

    /** Bytes transferred, from OVERLAPPED.InternalHigh: what a call that succeeded at once reports. */
    int internalHigh() {
        return (int) view.getLong(base + Layouts.OVERLAPPED_INTERNAL_HIGH);
    }

    void offset(long position) {
        view.putInt(base + Layouts.OVERLAPPED_OFFSET, (int) position);
        view.putInt(base + Layouts.OVERLAPPED_OFFSET_HIGH, (int) (position >>> 32));
    }

    /** WriteFile at the end of the file (both offsets 0xFFFFFFFF). */
    void appendOffset() {
        view.putInt(base + Layouts.OVERLAPPED_OFFSET, WinConstants.APPEND_OFFSET);
        view.putInt(base + Layouts.OVERLAPPED_OFFSET_HIGH, WinConstants.APPEND_OFFSET);
    }

    void wsabuf(int i, long buffer, int length) {
        int at = base + WSABUFS + i * Layouts.WSABUF_SIZE;
        view.putInt(at + Layouts.WSABUF_LEN, length);
        view.putInt(at + 4, 0);
        view.putLong(at + Layouts.WSABUF_BUF, buffer);
    }

    long at(int offset) {
        return address + offset;
    }

    @Override
    public String toString() {
        return "Op[" + index + ", " + request + (cancelled != NOT_CANCELLED ? ", cancelled" : "") + "]";
    }
}
