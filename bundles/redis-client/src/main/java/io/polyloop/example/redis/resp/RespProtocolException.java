package io.polyloop.example.redis.resp;

import java.io.IOException;

/** The bytes received are not valid RESP2, or a value exceeds a stated {@link RespLimits limit}. */
public final class RespProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public RespProtocolException(String message) {
        super(message);
    }
}
