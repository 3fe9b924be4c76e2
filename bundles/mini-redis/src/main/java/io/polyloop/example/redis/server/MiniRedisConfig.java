package io.polyloop.example.redis.server;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype of the configuration PID {@value MiniRedisOptions#PID}. The component reads the raw properties and
 * validates them with {@link MiniRedisOptions#parse}, so that a bad value is reported by name.
 */
@ObjectClassDefinition(name = "polyloop mini-redis example",
        description = "A small in-memory Redis server (RESP2) on the polyloop IoRuntime service.")
public @interface MiniRedisConfig {

    @AttributeDefinition(name = "Bind address",
            description = "IP address to listen on (a literal). 127.0.0.1 keeps the server local; any other address"
                    + " exposes an unauthenticated Redis beyond this machine.")
    String bindAddress() default MiniRedisOptions.DEFAULT_BIND_ADDRESS;

    @AttributeDefinition(name = "Port", description = "TCP port, 1 to 65535, or 0 for any free port.",
            min = "0", max = "65535")
    int port() default MiniRedisOptions.DEFAULT_PORT;

    @AttributeDefinition(name = "Maximum keys", description = "Keys held at most; a SET of a new key past it gets"
            + " an OOM error reply.", min = "1", max = "100000000")
    long maxKeys() default MiniRedisOptions.DEFAULT_MAX_KEYS;

    @AttributeDefinition(name = "Maximum command bytes", description = "Largest command accepted, in bytes; a"
            + " larger one gets a protocol error and the connection is closed.", min = "1024", max = "536870912")
    long maxCommandBytes() default MiniRedisOptions.DEFAULT_MAX_COMMAND_BYTES;
}
