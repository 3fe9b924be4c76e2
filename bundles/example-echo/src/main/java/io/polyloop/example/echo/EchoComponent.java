package io.polyloop.example.echo;

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
import java.util.concurrent.CompletionStage;

/**
 * The echo server as a Declarative Services component: gets the {@link IoRuntime} service injected, reads the PID
 * {@value EchoSettings#PID} (optional: without it, 127.0.0.1:7007) and serves until deactivated. A changed
 * configuration closes the listener and its connections and binds again; an invalid one is logged (property, value,
 * what is accepted) and ignored, keeping the server as it was.
 *
 * <p>None of these methods waits for the network: binding and closing complete on the runtime's loops, and each new
 * bind is chained after the previous close so that the same port can be bound again.
 */
@Component(configurationPid = EchoSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = {})
@Designate(ocd = EchoConfig.class)
public final class EchoComponent {
    private static final Logger LOG = LoggerFactory.getLogger(EchoComponent.class);

    private final IoRuntime runtime;

    /** Settings being served (or being bound); {@code null} when not serving. Touched only by SCR's calls. */
    private EchoSettings current;
    /** The server being started or running, after the previous one closed; never failing. */
    private CompletableFuture<EchoServer> server = CompletableFuture.completedFuture(null);

    @Activate
    public EchoComponent(@Reference(name = "runtime") IoRuntime runtime, Map<String, Object> properties) {
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
        EchoSettings settings;
        try {
            settings = EchoSettings.parse(properties);
        } catch (IllegalArgumentException e) {
            LOG.warn("polyloop echo configuration rejected: {}; {}", e.getMessage(), current == null
                    ? "the echo server is not listening until the configuration is fixed"
                    : "still serving with " + current);
            return;
        }
        if (settings.equals(current)) {
            LOG.debug("polyloop echo {}: settings unchanged ({})", what, settings);
            return;
        }
        if (!settings.isLocalOnly()) {
            LOG.warn("polyloop echo: {} is not a loopback address: the echo server is reachable from other machines",
                    settings.address().getAddress().getHostAddress());
        }
        LOG.info("polyloop echo {}: {}", what, settings);
        stop();
        current = settings;
        server = server.thenCompose(previous -> EchoServer.start(runtime, settings.address()))
                .handle((started, failure) -> {
                    if (failure != null) {
                        LOG.error("polyloop echo: cannot listen on {}: {}", EchoServer.format(settings.address()),
                                String.valueOf(failure.getCause() != null ? failure.getCause() : failure));
                        return null;
                    }
                    return started;
                });
    }

    /** @return the server being started or running, or a stage completing with {@code null} when not serving */
    CompletionStage<EchoServer> server() {
        return server;
    }

    /** Closes the current server (once started, if it is still starting); the next start waits for that close. */
    private void stop() {
        server = server.thenCompose(running -> running == null
                ? CompletableFuture.completedFuture(null)
                : running.closeAsync().handle((v, e) -> null));
    }
}
