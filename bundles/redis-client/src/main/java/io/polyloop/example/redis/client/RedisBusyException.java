package io.polyloop.example.redis.client;

/**
 * A request was refused before it was sent: its connection already has {@code maxPending} requests waiting for a
 * reply. The bound keeps a fast caller from queueing without limit; wait for replies before sending more.
 */
public final class RedisBusyException extends RedisException {
    private static final long serialVersionUID = 1L;

    RedisBusyException(String message) {
        super(message, null);
    }
}
