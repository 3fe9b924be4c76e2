package io.polyloop.example.redis.client;

/**
 * No reply came within {@code requestTimeoutMillis}. The command may still run on the server; its reply, if it comes,
 * is read and dropped, and the connection stays open (later requests are not affected by this one).
 */
public final class RedisTimeoutException extends RedisException {
    private static final long serialVersionUID = 1L;

    RedisTimeoutException(String message) {
        super(message, null);
    }
}
