package io.polyloop.spi;

import java.nio.ByteBuffer;

/**
 * Where a {@link IoRequest.Op#RECV_SELECT} gets its buffer. The driver takes one only when bytes can be received (a
 * readable socket, bytes already received into a driver buffer, a zero-byte receive that completed), so a connection
 * waiting for input holds none, and gives it back at once if the receive then finds nothing. Called on the loop thread
 * of the driver that holds the request only.
 */
public interface RecvBufferSource {

    /**
     * @return a direct buffer to receive into between its position and limit, with room for at least one byte; the
     *         driver fills it from the position on and leaves position and limit alone (as for RECV)
     */
    ByteBuffer take();

    /**
     * Takes back the buffer of the last {@link #take()}, which received nothing (the socket had no bytes after all,
     * an error, the end of the stream, a cancel). Its contents are undefined.
     */
    void giveBack(ByteBuffer buffer);
}
