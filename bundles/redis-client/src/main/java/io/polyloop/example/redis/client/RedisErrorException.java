package io.polyloop.example.redis.client;

/** The server answered with an error reply ({@code -ERR …}, {@code -WRONGTYPE …}). The connection stays usable. */
public final class RedisErrorException extends RedisException {
    private static final long serialVersionUID = 1L;

    private final String code;

    RedisErrorException(String code, String message) {
        super(message, null);
        this.code = code;
    }

    /** @return the error code, the first word of the reply: {@code ERR}, {@code WRONGTYPE}, … */
    public String code() {
        return code;
    }
}
