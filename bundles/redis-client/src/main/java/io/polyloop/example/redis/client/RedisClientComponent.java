package io.polyloop.example.redis.client;

import io.polyloop.api.IoRuntime;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Hashtable;
import java.util.Map;

/**
 * Publishes a {@link RedisClient} service for other bundles, built on the injected {@link IoRuntime} from the PID
 * {@value RedisClientOptions#PID}. The configuration is required: without it nothing is published (there is no Redis
 * to assume). The client connects in the background and keeps reconnecting; a changed configuration replaces the
 * service (the old client is closed); an invalid one is logged and ignored.
 */
@Component(configurationPid = RedisClientOptions.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = RedisClientConfig.class)
public final class RedisClientComponent {
    private static final Logger LOG = LoggerFactory.getLogger(RedisClientComponent.class);

    private final IoRuntime runtime;
    private final BundleContext context;
    /** Touched only by SCR's calls. */
    private RedisClient client;
    private ServiceRegistration<RedisClient> registration;

    @Activate
    public RedisClientComponent(@Reference(name = "runtime") IoRuntime runtime, BundleContext context,
                                Map<String, Object> properties) {
        this.runtime = runtime;
        this.context = context;
        apply(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        apply(properties);
    }

    @Deactivate
    void deactivate() {
        unpublish();
    }

    private void apply(Map<String, Object> properties) {
        RedisClientOptions options;
        try {
            options = RedisClientOptions.parse(properties);
        } catch (IllegalArgumentException e) {
            LOG.warn("polyloop redis client configuration rejected: {}; {}", e.getMessage(), client == null
                    ? "no RedisClient service until the configuration is fixed" : "keeping " + client.options());
            return;
        }
        if (client != null && client.options().equals(options)) {
            return;
        }
        unpublish();
        LOG.info("polyloop redis client: {}", options);
        client = RedisClient.create(runtime, options);
        Hashtable<String, Object> serviceProperties = new Hashtable<>();
        serviceProperties.put(RedisClientOptions.HOST, options.address().getAddress().getHostAddress());
        serviceProperties.put(RedisClientOptions.PORT, options.address().getPort());
        registration = context.registerService(RedisClient.class, client, serviceProperties);
    }

    private void unpublish() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
