package io.polyloop.api.net;

import io.polyloop.api.Task;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A TCP connection, owned by one event loop; its completions and continuations run there. Thread safe: methods may
 * be called from any thread (off-loop calls are handed to the loop).
 *
 * <p>Reads are served in the order they are issued, and so are writes. A buffer passed to {@link #read} or
 * {@link #write} belongs to the connection until the returned task completes; its position is then advanced by the
 * bytes transferred. Heap and direct buffers are both accepted.
 *
 * <p>TCP_NODELAY is on: each write goes out as issued. To send several pieces as one, pass them to one
 * {@link #write(ByteBuffer...)}.
 */
public interface TcpStream extends AutoCloseable {

    /**
     * Reads at least one byte into {@code dst} (between position and limit).
     *
     * @return the number of bytes read, or -1 at the end of the stream (the peer shut down its side)
     */
    Task<Integer> read(ByteBuffer dst);

    /** Writes every remaining byte of {@code src}; completes when all of them are handed to the kernel. */
    Task<Void> write(ByteBuffer src);

    /** Writes every remaining byte of {@code srcs}, in order, with gathering sends. */
    Task<Void> write(ByteBuffer... srcs);

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
