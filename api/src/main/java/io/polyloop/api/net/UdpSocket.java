package io.polyloop.api.net;

import io.polyloop.api.Task;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketOption;
import java.nio.ByteBuffer;

/**
 * A UDP socket owned by one event loop; its completions and continuations run there. Thread safe.
 *
 * <p>Sends are served in issue order, one at a time, and so are receives. At most {@value #MAX_QUEUED} of each may
 * wait; past that the call fails at once with {@link java.util.concurrent.RejectedExecutionException}. A datagram
 * larger than the receiving buffer's remaining space is truncated (the rest is discarded, as with
 * {@link java.nio.channels.DatagramChannel}); the largest datagram carried is 65 507 bytes.
 */
public interface UdpSocket extends AutoCloseable {
    /** The longest queue of waiting sends, and of waiting receives. */
    int MAX_QUEUED = 1024;

    /** Sends the remaining bytes of {@code src} as one datagram to {@code target}. */
    Task<Void> send(ByteBuffer src, InetSocketAddress target);

    /** Sends one datagram to the peer given to {@link #connect}. */
    Task<Void> send(ByteBuffer src);

    /**
     * Receives one datagram into {@code dst}.
     *
     * @return the sender; {@code dst}'s position is advanced by the bytes received
     */
    Task<InetSocketAddress> receive(ByteBuffer dst);

    /** Connects: {@link #send(ByteBuffer)} goes to {@code remote}, and only its datagrams are received. */
    Task<Void> connect(InetSocketAddress remote);

    /**
     * Joins a multicast group on {@code networkInterface} (null: the OS chooses). Supported where the backend and OS
     * can (Linux today); elsewhere the task fails with {@link UnsupportedOperationException}.
     */
    Task<Void> joinGroup(InetAddress group, NetworkInterface networkInterface);

    Task<Void> leaveGroup(InetAddress group, NetworkInterface networkInterface);

    /**
     * Sets a socket option (see {@link SocketOptionRules#UDP}).
     *
     * @throws IllegalArgumentException at once for an option not accepted or a value out of range
     */
    <T> Task<Void> setOption(SocketOption<T> option, T value);

    <T> Task<T> getOption(SocketOption<T> option);

    /** @return the bound address (with the real port when bound to port 0) */
    InetSocketAddress localAddress();

    Task<Void> closeAsync();

    @Override
    void close();

    boolean isOpen();
}
