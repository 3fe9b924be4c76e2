package io.polyloop.example.redis.client;

/**
 * No usable connection: not connected (yet, or while reconnecting), or the connection broke with the request in
 * flight. A request that fails this way after it was sent may or may not have been executed by the server.
 */
public final class RedisConnectionException extends RedisException {
    private static final long serialVersionUID = 1L;

    RedisConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
