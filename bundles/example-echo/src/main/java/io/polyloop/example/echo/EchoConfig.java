package io.polyloop.example.echo;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype of the configuration PID {@value EchoSettings#PID}. The component reads the raw properties and validates
 * them with {@link EchoSettings#parse}, so that a bad value is reported by name instead of silently converted.
 */
@ObjectClassDefinition(name = "polyloop echo example",
        description = "A TCP echo server on the polyloop IoRuntime service.")
public @interface EchoConfig {

    @AttributeDefinition(name = "Bind address",
            description = "IP address to listen on (a literal, not a host name). 127.0.0.1 keeps the server local;"
                    + " any other address exposes it beyond this machine.")
    String bindAddress() default EchoSettings.DEFAULT_BIND_ADDRESS;

    @AttributeDefinition(name = "Port", description = "TCP port, 1 to 65535, or 0 for any free port.",
            min = "0", max = "65535")
    int port() default EchoSettings.DEFAULT_PORT;
}
