package io.polyloop.api.net;

import java.io.IOException;

/**
 * {@link TcpStream#readUntil} found no delimiter within its limit. The bytes it examined (at most the limit) are
 * consumed; the stream position is then inside an unterminated frame, so the usual reaction is to close.
 */
public final class FrameTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    public FrameTooLongException(String message) {
        super(message);
    }
}
