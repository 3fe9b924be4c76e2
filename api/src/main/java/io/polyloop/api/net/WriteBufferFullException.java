package io.polyloop.api.net;

import java.io.IOException;

/**
 * A write refused because the connection's queue of unsent bytes is above its high watermark (the peer reads slower
 * than the caller writes). The stream is intact: nothing of the refused write was queued. Wait for
 * {@link TcpStream#whenWritable()} and write again.
 */
public final class WriteBufferFullException extends IOException {
    private static final long serialVersionUID = 1L;

    public WriteBufferFullException(String message) {
        super(message);
    }
}
