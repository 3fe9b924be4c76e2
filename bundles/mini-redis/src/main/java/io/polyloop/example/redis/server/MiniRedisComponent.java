package io.polyloop.example.redis.server;

import io.polyloop.api.IoRuntime;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The mini-redis server as a Declarative Services component: gets the {@link IoRuntime} injected, reads the PID
 * {@value MiniRedisOptions#PID} (optional: without it, 127.0.0.1:6380) and serves until deactivated. A changed
 * configuration closes the server (its data too) and starts a new one; an invalid one is logged and ignored. None of
 * these methods waits for the network: each start is chained after the previous close.
 */
@Component(configurationPid = MiniRedisOptions.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = {})
@Designate(ocd = MiniRedisConfig.class)
public final class MiniRedisComponent {
    private static final Logger LOG = LoggerFactory.getLogger(MiniRedisComponent.class);

    private final IoRuntime runtime;
    /** Touched only by SCR's calls. */
    private MiniRedisOptions current;
    /** The server being started or running, after the previous one closed; never failing (null when not serving). */
    private CompletableFuture<MiniRedisServer> server = CompletableFuture.completedFuture(null);

    @Activate
    public MiniRedisComponent(@Reference(name = "runtime") IoRuntime runtime, Map<String, Object> properties) {
        this.runtime = runtime;
        apply(properties, "activated");
    }

    @Modified
    void modified(Map<String, Object> properties) {
        apply(properties, "reconfigured");
    }

    @Deactivate
    void deactivate() {
        stop();
        current = null;
    }

    private void apply(Map<String, Object> properties, String what) {
        MiniRedisOptions options;
        try {
            options = MiniRedisOptions.parse(properties);
        } catch (IllegalArgumentException e) {
            LOG.warn("polyloop mini-redis configuration rejected: {}; {}", e.getMessage(), current == null
                    ? "not listening until the configuration is fixed" : "still serving with " + current);
            return;
        }
        if (options.equals(current)) {
            return;
        }
        if (!options.isLocalOnly()) {
            LOG.warn("polyloop mini-redis: {} is not a loopback address: an unauthenticated Redis is reachable from"
                    + " other machines", options.address().getAddress().getHostAddress());
        }
        LOG.info("polyloop mini-redis {}: {}", what, options);
        stop();
        current = options;
        server = server.thenCompose(previous -> MiniRedisServer.start(runtime, options))
                .handle((started, failure) -> {
                    if (failure != null) {
                        LOG.error("polyloop mini-redis: cannot listen on {}: {}",
                                MiniRedisServer.format(options.address()), String.valueOf(failure));
                        return null;
                    }
                    return started;
                });
    }

    private void stop() {
        server = server.thenCompose(running -> running == null
                ? CompletableFuture.completedFuture(null)
                : running.closeAsync().handle((v, e) -> null));
    }
}
