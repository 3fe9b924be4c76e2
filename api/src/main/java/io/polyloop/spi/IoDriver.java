package io.polyloop.spi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The per-loop face of a backend. Owned by exactly one loop thread: every method except {@link #wakeup()} must be
 * called from that thread. Implementations are free to assert it.
 *
 * <p>Contract shared by every backend:
 * <ul>
 *   <li>{@link #submit} never calls the sink: a request that can complete at once is delivered by the next
 *   {@link #poll}, which then does not block.</li>
 *   <li>Every submitted request completes exactly once: through {@link #poll}, {@link #close}, or by being handed
 *   over by {@link #detach} (completed, or pending for the next driver).</li>
 *   <li>Requests on one handle are processed in submission order per direction (reads among reads, writes among
 *   writes), so that a stream is never reordered.</li>
 *   <li>Memory referenced by a request stays referenced by the driver until the request completes, also after a
 *   cancel or a close.</li>
 * </ul>
 */
public interface IoDriver {

    /** @return the name of the provider that opened this driver */
    String backendName();

    // ------------------------------------------------------------------ handles (synchronous)

    /** Opens, binds and listens. {@code reusePort} sets SO_REUSEPORT where the OS has it. */
    IoHandle openTcpListener(InetSocketAddress bind, int backlog, boolean reusePort) throws IOException;

    /** Opens an unconnected TCP socket of the given family, ready for a {@link IoRequest.Op#CONNECT} request. */
    IoHandle openTcp(boolean ipv6) throws IOException;

    /** Opens a UDP socket bound to {@code bind} (port 0 for an ephemeral port). */
    IoHandle openUdp(InetSocketAddress bind) throws IOException;

    /**
     * Opens a regular file.
     *
     * @param flags a combination of {@link FileFlags} bits
     */
    IoHandle openFile(Path path, int flags) throws IOException;

    /** Sets a socket option; supports at least the {@code StandardSocketOptions} TCP_NODELAY, SO_KEEPALIVE,
     * SO_REUSEADDR, SO_REUSEPORT, SO_RCVBUF, SO_SNDBUF and SO_LINGER. */
    <T> void setOption(IoHandle socket, SocketOption<T> option, T value) throws IOException;

    <T> T getOption(IoHandle socket, SocketOption<T> option) throws IOException;

    InetSocketAddress localAddress(IoHandle socket) throws IOException;

    InetSocketAddress remoteAddress(IoHandle socket) throws IOException;

    /** Half-close: shuts down the reading and/or writing side of a connected socket. */
    void shutdown(IoHandle socket, boolean read, boolean write) throws IOException;

    // ------------------------------------------------------------------ operations (asynchronous)

    /**
     * Takes a prepared request. Invalid use (a closed handle, a handle of another driver, the wrong handle kind for
     * the op) is not thrown: the request completes with a negative code ({@code -EBADF}, {@code -EINVAL}).
     *
     * @throws IllegalStateException if the request is already submitted or was never prepared, or if this driver is
     *                               detached or closed (the request is then not taken)
     */
    void submit(IoRequest request);

    /**
     * Asks a submitted request to stop. Returns at once; the request still completes exactly once, through the
     * sink: with {@code -ECANCELED}, or with its real result if it finished first (data already read is delivered,
     * never dropped).
     *
     * @return false if the request is not submitted to this driver (already completed, or never submitted)
     */
    boolean cancel(IoRequest request);

    /**
     * @return true if {@link #cancel} of a request whose operation the OS has not performed yet completes it before
     *         returning, and an operation this driver performs is recorded in the request at once (readiness
     *         drivers doing the syscall on the loop thread). A front-end may then let a RECV fill the caller's
     *         buffer: once a cancel returns, the OS never touches that buffer again. False (the default) when the
     *         kernel may still write into a buffer after cancel returns (completion backends).
     */
    default boolean cancelsAtOnce() {
        return false;
    }

    /**
     * @return true if this driver performs {@link IoRequest.Op#RECV_SELECT}: it takes the request's buffer from its
     *         {@link RecvBufferSource} no earlier than bytes can be received (readiness drivers when the socket is
     *         readable, giving it back on EAGAIN; io_uring when bytes landed in its provided-buffer ring; IOCP when a
     *         zero-byte receive completed), so a connection waiting for input holds no buffer. False (the default):
     *         the front-end must not submit RECV_SELECT (it is refused with {@code -EINVAL}) and receives into a
     *         buffer of its own instead.
     */
    default boolean selectsRecvBuffers() {
        return false;
    }

    /**
     * @return true if listeners this driver opens with {@code reusePort} on one address share the incoming
     *         connections between them (Linux SO_REUSEPORT; FreeBSD 12+ SO_REUSEPORT_LB, which the driver then sets),
     *         so the runtime gives each loop a listening socket of its own. False (the default) where every
     *         connection may go to one of them though all bind (macOS, FreeBSD without SO_REUSEPORT_LB), or where
     *         the driver cannot say: the runtime then accepts on one loop and moves connections to the others with
     *         {@link HandleTransfer}.
     */
    default boolean balancesAccepts() {
        return false;
    }

    /**
     * Waits for completions and hands each to {@code sink}.
     *
     * @param timeoutNanos 0 to return at once, negative to wait without limit, else the longest wait; returns
     *                     earlier on a completion or a {@link #wakeup()}. Completions already known (an operation
     *                     that finished inside {@link #submit}) make it return at once.
     * @return the number of completions delivered
     */
    int poll(CompletionSink sink, long timeoutNanos) throws IOException;

    /**
     * Makes a blocked or the next {@link #poll} return. Thread safe, cheap, and coalescing: many calls before the
     * loop wakes cost one native wake-up at most.
     */
    void wakeup();

    // ------------------------------------------------------------------ hot swap and end of life

    /**
     * Stops this driver and hands its live handles over. Cancels what is in flight in the kernel and waits for those
     * cancellations; requests that completed meanwhile are returned in {@link DriverHandoff#completed()}, never
     * delivered to a sink here (a callback could only reach this stopped driver). Every open handle is returned with
     * its requests that did not complete, still submitted and in submission order, for {@link #adopt} on a fresh
     * driver. Handles are not closed. Afterwards only {@link #close} may be called.
     */
    DriverHandoff detach() throws IOException;

    /**
     * Takes over handles detached from another driver of a compatible backend and resumes their pending requests
     * in order.
     *
     * @throws IOException if a handle cannot be registered; the handles are then left detached
     */
    void adopt(List<DetachedHandle> handles) throws IOException;

    /**
     * Releases the driver: closes every handle it still holds, completes every pending request with
     * {@code -ECANCELED} through {@code sink}, frees native memory. Idempotent.
     */
    void close(CompletionSink sink);
}
