package io.polyloop.example.redis.client;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype of the configuration PID {@value RedisClientOptions#PID}. The component reads the raw properties and
 * validates them with {@link RedisClientOptions#parse}, so that a bad value is reported by name.
 */
@ObjectClassDefinition(name = "polyloop Redis client example",
        description = "A pipelining Redis client on the polyloop IoRuntime service, published as a RedisClient"
                + " service.")
public @interface RedisClientConfig {

    @AttributeDefinition(name = "Host", description = "IP address of the Redis server (a literal, not a host name).")
    String host() default RedisClientOptions.DEFAULT_HOST;

    @AttributeDefinition(name = "Port", min = "1", max = "65535")
    int port() default RedisClientOptions.DEFAULT_PORT;

    @AttributeDefinition(name = "Pool size", description = "Connections, used round robin. One gives the largest"
            + " pipelined batches; more only keep a slow command from holding up the others.", min = "1", max = "64")
    int poolSize() default RedisClientOptions.DEFAULT_POOL_SIZE;

    @AttributeDefinition(name = "Maximum pending requests", description = "Requests waiting for a reply per"
            + " connection; past it a request fails at once (RedisBusyException).", min = "1", max = "1000000")
    int maxPending() default RedisClientOptions.DEFAULT_MAX_PENDING;

    @AttributeDefinition(name = "Maximum reply bytes", description = "Largest reply accepted; a larger one closes"
            + " the connection (which then reconnects).", min = "1024", max = "536870912")
    long maxReplyBytes() default RedisClientOptions.DEFAULT_MAX_REPLY_BYTES;

    @AttributeDefinition(name = "Reconnect delay, first (ms)", min = "1", max = "60000")
    long reconnectMinMillis() default RedisClientOptions.DEFAULT_RECONNECT_MIN_MILLIS;

    @AttributeDefinition(name = "Reconnect delay, longest (ms)", min = "1", max = "300000")
    long reconnectMaxMillis() default RedisClientOptions.DEFAULT_RECONNECT_MAX_MILLIS;

    @AttributeDefinition(name = "Connect timeout (ms)", description = "How long a connect attempt waits for the"
            + " server; then it counts as failed and is retried with backoff.", min = "1", max = "600000")
    long connectTimeoutMillis() default RedisClientOptions.DEFAULT_CONNECT_TIMEOUT_MILLIS;

    @AttributeDefinition(name = "Request timeout (ms)", description = "How long a request waits for its reply;"
            + " then it fails (RedisTimeoutException) and the connection stays open. 0: no limit.", min = "0",
            max = "86400000")
    long requestTimeoutMillis() default RedisClientOptions.DEFAULT_REQUEST_TIMEOUT_MILLIS;
}
