package io.polyloop.example.redis.client;

/** Base of the client's failures; a task of {@link RedisClient} fails with one of the subclasses. */
public abstract class RedisException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RedisException(String message, Throwable cause) {
        super(message, cause);
    }
}
