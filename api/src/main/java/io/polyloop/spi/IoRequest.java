package io.polyloop.spi;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One I/O operation, from submission to its single completion. Reusable: once completed (and handed to the sink) it
 * may be prepared and submitted again, so a connection can keep one read and one write request for its whole life.
 * Not thread safe: confined to the loop that owns the driver.
 *
 * <p>Buffers must be direct. A driver reads or fills the bytes between a buffer's position and limit and does not
 * move the position or the limit: the caller advances by {@link #result()}. The caller must not touch a buffer, nor
 * let it be collected, while the request is submitted; the request keeps a reference so that the memory handed to the
 * kernel stays reachable until completion.
 *
 * <p>Results: {@code >= 0} on success (bytes transferred; for RECV/READ {@code 0} means end of stream or file; for
 * ACCEPT the new handle is in {@link #accepted()}); a negative {@link Errno} code on failure; {@code -ECANCELED} when
 * cancelled or when its handle was closed first.
 */
public final class IoRequest {

    /** The operations of the SPI. */
    public enum Op {
        /** Accept one connection on a TCP_LISTENER; sets {@link #accepted()} and {@link #address()} (the peer). */
        ACCEPT,
        /** Connect a TCP_STREAM to {@link #address()}; result 0. */
        CONNECT,
        /** Receive into {@link #buffer()} from a TCP_STREAM (or a connected UDP handle). */
        RECV,
        /** Send from {@link #buffer()}; may complete with fewer bytes than remaining (a partial send). */
        SEND,
        /** Gathering send from {@link #buffers()}; may be partial. */
        SEND_VECTORED,
        /** Receive one datagram into {@link #buffer()}; sets {@link #address()} to the sender. */
        RECV_FROM,
        /** Send one datagram from {@link #buffer()} to {@link #address()}. */
        SEND_TO,
        /** Read a FILE at {@link #position()} into {@link #buffer()}. */
        READ,
        /** Write {@link #buffer()} to a FILE at {@link #position()}; may be partial. */
        WRITE,
        /** Flush a FILE to stable storage ({@link #dataOnly()}: fdatasync). */
        FSYNC,
        /**
         * Close the handle: every other request pending on it completes first, with -ECANCELED (or its real result
         * if the OS had already performed it, as a file operation running on a blocking thread); result 0.
         */
        CLOSE,
        /**
         * Receive from a TCP_STREAM into a buffer the driver takes from {@link #bufferSource()} only once bytes can be
         * received, so that a request waiting on an idle connection holds no buffer. Completes like RECV; on a result
         * {@code > 0} the bytes are in {@link #buffer()} (the buffer taken) from its position on, and the buffer
         * belongs to the caller; on any other outcome no buffer is held (it went back to its source). Drivers that
         * implement it say so with {@link IoDriver#selectsRecvBuffers()}.
         */
        RECV_SELECT
    }

    /** Life cycle: IDLE, SUBMITTED (owned by a driver), COMPLETED. */
    private static final byte IDLE = 0;
    private static final byte SUBMITTED = 1;
    private static final byte COMPLETED = 2;

    private Op op;
    private IoHandle handle;
    private ByteBuffer buffer;
    private ByteBuffer[] buffers;
    private int buffersOffset;
    private int buffersLength;
    private long position;
    private boolean dataOnly;
    private InetSocketAddress address;
    private RecvBufferSource source;

    private IoHandle accepted;
    private int result;
    private byte state = IDLE;

    private long token;
    private Object attachment;
    private Object driverData;
    private long driverWord;

    // ------------------------------------------------------------------ preparation (caller)

    public IoRequest accept(IoHandle listener) {
        return prepare(Op.ACCEPT, listener);
    }

    public IoRequest connect(IoHandle stream, InetSocketAddress remote) {
        prepare(Op.CONNECT, stream).address = remote;
        return this;
    }

    public IoRequest recv(IoHandle stream, ByteBuffer dst) {
        prepare(Op.RECV, stream).buffer = direct(dst);
        return this;
    }

    /** A RECV whose buffer comes from {@code buffers} when bytes can be received ({@link Op#RECV_SELECT}). */
    public IoRequest recvSelect(IoHandle stream, RecvBufferSource buffers) {
        if (buffers == null) {
            throw new NullPointerException("buffers");
        }
        prepare(Op.RECV_SELECT, stream).source = buffers;
        return this;
    }

    public IoRequest send(IoHandle stream, ByteBuffer src) {
        prepare(Op.SEND, stream).buffer = direct(src);
        return this;
    }

    public IoRequest sendVectored(IoHandle stream, ByteBuffer[] srcs, int offset, int length) {
        if (offset < 0 || length < 1 || offset + length > srcs.length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + " of " + srcs.length);
        }
        for (int i = offset; i < offset + length; i++) {
            direct(srcs[i]);
        }
        prepare(Op.SEND_VECTORED, stream);
        this.buffers = srcs;
        this.buffersOffset = offset;
        this.buffersLength = length;
        return this;
    }

    public IoRequest recvFrom(IoHandle udp, ByteBuffer dst) {
        prepare(Op.RECV_FROM, udp).buffer = direct(dst);
        return this;
    }

    public IoRequest sendTo(IoHandle udp, ByteBuffer src, InetSocketAddress target) {
        prepare(Op.SEND_TO, udp).buffer = direct(src);
        this.address = target;
        return this;
    }

    public IoRequest read(IoHandle file, ByteBuffer dst, long filePosition) {
        prepare(Op.READ, file).buffer = direct(dst);
        this.position = nonNegative(filePosition);
        return this;
    }

    public IoRequest write(IoHandle file, ByteBuffer src, long filePosition) {
        prepare(Op.WRITE, file).buffer = direct(src);
        this.position = nonNegative(filePosition);
        return this;
    }

    public IoRequest fsync(IoHandle file, boolean dataOnlySync) {
        prepare(Op.FSYNC, file).dataOnly = dataOnlySync;
        return this;
    }

    public IoRequest close(IoHandle anyHandle) {
        return prepare(Op.CLOSE, anyHandle);
    }

    /** Caller correlation: a number the caller chooses, untouched by drivers. */
    public IoRequest token(long value) {
        this.token = value;
        return this;
    }

    /** Caller correlation: an object the caller chooses, untouched by drivers. */
    public IoRequest attachment(Object value) {
        this.attachment = value;
        return this;
    }

    private IoRequest prepare(Op operation, IoHandle target) {
        if (state == SUBMITTED) {
            throw new IllegalStateException("request is still submitted (" + op + " on " + handle + ")");
        }
        if (target == null) {
            throw new NullPointerException("handle");
        }
        op = operation;
        handle = target;
        buffer = null;
        buffers = null;
        buffersOffset = 0;
        buffersLength = 0;
        position = 0;
        dataOnly = false;
        address = null;
        source = null;
        accepted = null;
        result = 0;
        state = IDLE;
        return this;
    }

    private static ByteBuffer direct(ByteBuffer b) {
        if (!b.isDirect()) {
            throw new IllegalArgumentException("the SPI takes direct buffers only (got a heap buffer)");
        }
        return b;
    }

    private static long nonNegative(long p) {
        if (p < 0) {
            throw new IllegalArgumentException("file position " + p + " is negative");
        }
        return p;
    }

    // ------------------------------------------------------------------ life cycle (driver)

    /**
     * For drivers: takes ownership at submission.
     *
     * @throws IllegalStateException if the request was never prepared or is already submitted
     */
    public void markSubmitted() {
        if (op == null) {
            throw new IllegalStateException("request submitted before it was prepared");
        }
        if (state == SUBMITTED) {
            throw new IllegalStateException("request submitted twice (" + op + " on " + handle + ")");
        }
        state = SUBMITTED;
        driverWord = 0;
    }

    /**
     * For drivers: records the outcome. Exactly once per submission; a second call is a driver bug and throws. The
     * driver then hands the request to its sink.
     */
    public void complete(int outcome) {
        if (state != SUBMITTED) {
            throw new IllegalStateException("completion of a request that is not submitted (" + op + " on "
                    + handle + ", state " + state + ")");
        }
        if (outcome <= 0) {
            releaseBuffer(); // a RECV_SELECT that received nothing holds no buffer once completed
        }
        result = outcome;
        state = COMPLETED;
        driverData = null;
        driverWord = 0;
    }

    /**
     * For drivers: the buffer to receive into. A RECV's own; for a RECV_SELECT, the one it took from its source, taken
     * now if it holds none (call it only when bytes can be received), or null if the source has none now: the driver
     * then receives nothing and completes with -{@link Errno#ENOBUFS} (see {@link RecvBufferSource}).
     */
    public ByteBuffer receiveBuffer() {
        if (op == Op.RECV_SELECT && buffer == null) {
            ByteBuffer b = source.take();
            if (b == null) {
                return null; // no memory for it now: the bytes stay where they are
            }
            if (!b.isDirect() || !b.hasRemaining()) {
                source.giveBack(b);
                throw new IllegalStateException("the buffer source of a RECV_SELECT must give a direct buffer with room"
                        + " (got " + b + ")");
            }
            buffer = b;
        }
        return buffer;
    }

    /**
     * For drivers: a RECV_SELECT gives the buffer it took back to its source (the receive found nothing: EAGAIN), so
     * it waits holding none. Nothing for other operations or when none is held. {@link #complete} does it for an
     * outcome {@code <= 0}.
     */
    public void releaseBuffer() {
        if (op == Op.RECV_SELECT && buffer != null) {
            ByteBuffer b = buffer;
            buffer = null;
            source.giveBack(b);
        }
    }

    /** For drivers: the handle created by a completed ACCEPT. */
    public void accepted(IoHandle connection) {
        this.accepted = connection;
    }

    /** For drivers: the peer of an accepted connection, or the sender of a received datagram. */
    public void address(InetSocketAddress peer) {
        this.address = peer;
    }

    /** For drivers: private bookkeeping while the request is submitted (cleared on completion). */
    public Object driverData() {
        return driverData;
    }

    public void driverData(Object data) {
        this.driverData = data;
    }

    /**
     * For drivers: a private number while the request is submitted (a slot index, a packed {@code user_data}, a
     * submission sequence), without boxing. Zero at submission, cleared on completion; a driver that adopts a
     * request sets its own.
     */
    public long driverWord() {
        return driverWord;
    }

    public void driverWord(long word) {
        this.driverWord = word;
    }

    // ------------------------------------------------------------------ accessors

    public Op op() {
        return op;
    }

    public IoHandle handle() {
        return handle;
    }

    /** @return the buffer of RECV, SEND, READ...; for a RECV_SELECT the buffer it holds now (or null) */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** @return where a RECV_SELECT takes its buffer, else null */
    public RecvBufferSource bufferSource() {
        return source;
    }

    public ByteBuffer[] buffers() {
        return buffers;
    }

    public int buffersOffset() {
        return buffersOffset;
    }

    public int buffersLength() {
        return buffersLength;
    }

    public long position() {
        return position;
    }

    public boolean dataOnly() {
        return dataOnly;
    }

    /** @return the target of CONNECT/SEND_TO, or, once completed, the peer of ACCEPT and the sender of RECV_FROM */
    public InetSocketAddress address() {
        return address;
    }

    public IoHandle accepted() {
        return accepted;
    }

    public int result() {
        return result;
    }

    /**
     * @return true from submission until the driver records the outcome. The outcome may be recorded before the
     *         sink receives the request (a driver keeps completions found inside {@code submit} for its next poll):
     *         a caller that re-submits from inside callbacks tracks delivery itself, not with this method.
     */
    public boolean isSubmitted() {
        return state == SUBMITTED;
    }

    public boolean isCompleted() {
        return state == COMPLETED;
    }

    public boolean isCancelled() {
        return state == COMPLETED && result == -Errno.ECANCELED;
    }

    public long token() {
        return token;
    }

    public Object attachment() {
        return attachment;
    }

    @Override
    public String toString() {
        return "IoRequest[" + op + " on " + handle + ", state " + state + ", result " + result + "]";
    }
}
