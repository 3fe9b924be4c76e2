package io.polyloop.spi;

import java.nio.ByteBuffer;

/**
 * Where a {@link IoRequest.Op#RECV_SELECT} gets its buffer. The driver takes one only when bytes can be received (a
 * readable socket, bytes already received into a driver buffer, a zero-byte receive that completed), so a connection
 * waiting for input holds none, and gives it back at once if the receive then finds nothing. Called on the loop thread
 * of the driver that holds the request only.
 *
 * <p><b>No buffer.</b> A source that cannot give a buffer now (the direct-memory limit, {@code
 * -XX:MaxDirectMemorySize}, is reached, or its pool refuses to grow) returns null from {@link #take()}; it never throws
 * for that, because {@code take()} runs inside the driver's submit or poll and a throw there would stop the whole
 * loop. Every driver then receives nothing and completes the request with {@code -}{@link Errno#ENOBUFS}, holding no
 * buffer: the bytes stay where they were (in the socket, in the driver's ring or carried bytes) for the next
 * RECV_SELECT, and the socket's readiness is not consumed. What happens next is the front end's call: the runtime's
 * pooled read waits and submits again later, and fails only that read if memory does not come back in time; the
 * connection and the loop go on.
 */
public interface RecvBufferSource {

    /**
     * @return a direct buffer to receive into between its position and limit, with room for at least one byte; the
     *         driver fills it from the position on and leaves position and limit alone (as for RECV); or null if no
     *         buffer can be had now (see the class comment: the driver completes the request with -ENOBUFS)
     */
    ByteBuffer take();

    /**
     * Takes back the buffer of the last {@link #take()}, which received nothing (the socket had no bytes after all,
     * an error, the end of the stream, a cancel). Its contents are undefined.
     */
    void giveBack(ByteBuffer buffer);
}
