package io.polyloop.api.net;

import io.polyloop.api.Task;

import java.net.InetSocketAddress;

/** A listening TCP socket, owned by one event loop. Thread safe. */
public interface TcpListener extends AutoCloseable {

    /**
     * Accepts the next connection. Accepts issued together are served in order.
     *
     * @return the connection, or a failed task ({@link java.nio.channels.ClosedChannelException}) once the listener
     *         is closed
     */
    Task<TcpStream> accept();

    /** @return the bound address (with the real port when bound to port 0) */
    InetSocketAddress localAddress();

    /** Stops listening; pending accepts fail with {@link java.nio.channels.ClosedChannelException}. */
    Task<Void> closeAsync();

    @Override
    void close();

    boolean isOpen();
}
