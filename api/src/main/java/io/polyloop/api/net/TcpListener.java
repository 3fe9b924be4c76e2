package io.polyloop.api.net;

import io.polyloop.api.Task;

import java.net.InetSocketAddress;
import java.net.SocketOption;

/** A listening TCP socket, owned by one event loop. Thread safe. */
public interface TcpListener extends AutoCloseable {

    /**
     * Accepts the next connection. Accepts issued together are served in order.
     *
     * @return the connection, or a failed task ({@link java.nio.channels.ClosedChannelException}) once the listener
     *         is closed
     */
    Task<TcpStream> accept();

    /**
     * Sets an option of the listening socket (see {@link SocketOptionRules#TCP_LISTENER}); options for the accepted
     * connections are given at listen time with {@link TcpOptions}.
     *
     * @throws IllegalArgumentException at once for an option not accepted or a value out of range
     */
    <T> Task<Void> setOption(SocketOption<T> option, T value);

    /** @throws IllegalArgumentException at once for an option not accepted */
    <T> Task<T> getOption(SocketOption<T> option);

    /** @return the bound address (with the real port when bound to port 0) */
    InetSocketAddress localAddress();

    /** Stops listening; pending accepts fail with {@link java.nio.channels.ClosedChannelException}. */
    Task<Void> closeAsync();

    @Override
    void close();

    boolean isOpen();
}
