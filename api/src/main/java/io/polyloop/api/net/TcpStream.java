package io.polyloop.api.net;

import io.polyloop.api.Task;
import io.polyloop.api.buffer.BufferPool;
import io.polyloop.api.buffer.PooledBuffer;

import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A TCP connection, owned by one event loop; its completions and continuations run there. Thread safe: methods may
 * be called from any thread (off-loop calls are handed to the loop).
 *
 * <p>Reads are served in the order they are issued, and so are writes. A buffer passed to {@link #read} or
 * {@link #write} belongs to the connection until the returned task completes; its position is then advanced by the
 * bytes transferred. Heap and direct buffers are both accepted.
 *
 * <p>TCP_NODELAY is on unless {@link TcpOptions} turn it off: each write goes out as issued. To send several pieces
 * as one, pass them to one {@link #write(ByteBuffer...)}.
 *
 * <p>Write backpressure: the stream counts the bytes written but not yet handed to the kernel. When they reach the
 * high watermark the stream stops being {@linkplain #isWritable() writable} and <b>refuses</b> further writes with
 * {@link WriteBufferFullException} (nothing of a refused write is queued) until they drop to the low watermark.
 * So the unsent bytes stay below the high watermark plus the size of one write, however slow the peer reads.
 * Defaults and limits: {@link TcpOptions}.
 *
 * <p>Cancelling a pending read cancels the receive with the backend; bytes that arrive anyway are kept for the next
 * read, never dropped. A read timeout fails the read with {@link java.net.SocketTimeoutException} the same way.
 */
public interface TcpStream extends AutoCloseable {

    /**
     * Reads at least one byte into {@code dst} (between position and limit).
     *
     * @return the number of bytes read, or -1 at the end of the stream (the peer shut down its side)
     */
    Task<Integer> read(ByteBuffer dst);

    /**
     * Reads at least one byte into a buffer on loan from {@code pool}, at most {@code max} bytes.
     *
     * @return the loan, ready to read (the caller closes it), or {@code null} at the end of the stream
     * @throws IllegalArgumentException if {@code max} is not positive or above {@link BufferPool#MAX_CAPACITY}
     */
    Task<PooledBuffer> read(BufferPool pool, int max);

    /**
     * Reads exactly {@code n} bytes.
     *
     * @return a heap buffer of {@code n} bytes, ready to read (position 0, limit n); fails with
     *         {@link java.io.EOFException} if the stream ends first
     * @throws IllegalArgumentException if {@code n} is negative
     */
    Task<ByteBuffer> readExactly(int n);

    /**
     * Reads up to and including the first occurrence of {@code delimiter}. Bytes after it stay buffered for the next
     * read. Never buffers more than {@code max} bytes: without a delimiter within them the task fails with
     * {@link FrameTooLongException}.
     *
     * @param max the longest frame accepted, delimiter included
     * @return a heap buffer holding the frame with its delimiter, ready to read; fails with
     *         {@link java.io.EOFException} if the stream ends first
     * @throws IllegalArgumentException if the delimiter is empty or {@code max} is shorter than it
     */
    Task<ByteBuffer> readUntil(byte[] delimiter, int max);

    /** Writes every remaining byte of {@code src}; completes when all of them are handed to the kernel. */
    Task<Void> write(ByteBuffer src);

    /** Writes every remaining byte of {@code srcs}, in order, with gathering sends. */
    Task<Void> write(ByteBuffer... srcs);

    /** @return false while the unsent bytes are above the high watermark (writes are then refused) */
    boolean isWritable();

    /** @return the bytes written but not yet handed to the kernel */
    long unsentBytes();

    /** @return a task that completes when the stream is writable (at once if it is) */
    Task<Void> whenWritable();

    /**
     * Sets the one listener told of changes of {@link #isWritable()}; it runs on the stream's loop and must not
     * block. {@code null} removes it.
     */
    void onWritabilityChanged(Consumer<Boolean> listener);

    /**
     * Sets a socket option (see {@link SocketOptionRules#TCP_STREAM}).
     *
     * @throws IllegalArgumentException at once for an option not accepted or a value out of range
     */
    <T> Task<Void> setOption(SocketOption<T> option, T value);

    /** @throws IllegalArgumentException at once for an option not accepted */
    <T> Task<T> getOption(SocketOption<T> option);

    /**
     * Applies to reads issued from now on: each fails with {@link java.net.SocketTimeoutException} if no data
     * completes it within {@code timeout}. {@link Duration#ZERO} turns it off.
     */
    void setReadTimeout(Duration timeout);

    /**
     * Closes the connection once it has neither read nor written a byte for {@code timeout}; pending operations then
     * fail with {@link java.net.SocketTimeoutException}. {@link Duration#ZERO} turns it off.
     */
    void setIdleTimeout(Duration timeout);

    /** Half-close: sends FIN after the writes already issued; reading stays possible. */
    Task<Void> shutdownOutput();

    /** Closes the connection; pending reads and writes complete as cancelled. */
    Task<Void> closeAsync();

    /** Same as {@link #closeAsync()}, without waiting. */
    @Override
    void close();

    boolean isOpen();

    InetSocketAddress localAddress();

    InetSocketAddress remoteAddress();
}
