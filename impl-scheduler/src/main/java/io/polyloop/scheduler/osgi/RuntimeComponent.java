package io.polyloop.scheduler.osgi;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.scheduler.di.Runtimes;
import io.polyloop.scheduler.jmx.RuntimeStatus;
import io.polyloop.scheduler.runtime.BackendRegistry;
import io.polyloop.scheduler.runtime.Ownership;
import io.polyloop.scheduler.runtime.PolyloopRuntime;
import io.polyloop.spi.IoBackendProvider;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.ObjectName;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Publishes the shared {@link IoRuntime} service from the configuration PID {@value RuntimeSettings#PID}. The
 * service object stays the same for the life of the component: configuration changes are applied to it, not by
 * replacing it. A rejected configuration (at activation or later) leaves the runtime on its previous settings
 * (the defaults at first) and is logged and shown in {@link IoRuntime#info()}.
 */
@Component(configurationPid = RuntimeSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {}, immediate = true)
@Designate(ocd = RuntimeConfiguration.class)
public final class RuntimeComponent {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeComponent.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /** Providers may bind before activation: collected here, handed to the registry once it exists. */
    private final List<IoBackendProvider> bound = new CopyOnWriteArrayList<>();
    private volatile BackendRegistry registry;
    private volatile PolyloopRuntime runtime;
    /** The properties last received from Config Admin (own names only), applied or not. */
    private volatile Map<String, Object> lastProperties;
    private volatile ServiceRegistration<IoRuntime> registration;
    private ObjectName mbean;

    @Reference(service = IoBackendProvider.class, cardinality = ReferenceCardinality.AT_LEAST_ONE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addProvider(IoBackendProvider provider) {
        bound.add(provider);
        BackendRegistry r = registry;
        if (r != null) {
            r.add(provider);
        }
        LOG.info("polyloop backend bound: {} ({})", provider.name(), provider.probe());
        PolyloopRuntime rt = runtime;
        if (rt != null) {
            Map<String, Object> last = lastProperties;
            if (rt.info().lastRejection() != null && last != null) {
                // the configuration may have been refused for want of this very backend: try it again
                if (rt.applyProperties(last)) {
                    updateServiceProperties();
                    return;
                }
            }
            rt.onProviderAdded(provider);
            updateServiceProperties();
        }
    }

    void removeProvider(IoBackendProvider provider) {
        bound.remove(provider);
        BackendRegistry r = registry;
        if (r != null) {
            r.remove(provider);
        }
        PolyloopRuntime rt = runtime;
        if (rt != null) {
            rt.onProviderRemoved(provider);
            updateServiceProperties();
        }
        LOG.info("polyloop backend unbound: {}", provider.name());
    }

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        registry = new BackendRegistry(bound);
        Map<String, Object> own = ownProperties(properties);
        lastProperties = own;
        RuntimeSettings settings;
        boolean rejected = false;
        try {
            settings = RuntimeSettings.parse(own);
            registry.select(settings.backend());
        } catch (IllegalArgumentException e) {
            settings = RuntimeSettings.defaults();
            rejected = true;
        }
        runtime = Runtimes.create(settings, registry, Ownership.SERVICE);
        if (rejected) {
            runtime.applyProperties(own); // logs and records the rejection; the defaults stay
        } else {
            LOG.info("polyloop runtime configuration applied: {}", settings);
        }
        registration = context.registerService(IoRuntime.class, runtime, serviceProperties());
        mbean = new RuntimeStatus(runtime, registry).register(RuntimeStatus.OBJECT_NAME);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        Map<String, Object> own = ownProperties(properties);
        lastProperties = own;
        if (runtime.applyProperties(own)) {
            updateServiceProperties();
        }
    }

    @Deactivate
    void deactivate() {
        RuntimeStatus.unregister(mbean);
        mbean = null;
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        if (runtime != null && !runtime.shutdown(STOP_TIMEOUT)) {
            LOG.warn("polyloop runtime did not stop within {}", STOP_TIMEOUT);
        }
        registry = null;
    }

    /** Drops the properties that DS and Config Admin add (they contain a dot); keeps what a user wrote. */
    private static Map<String, Object> ownProperties(Map<String, Object> properties) {
        return properties.entrySet().stream()
                .filter(e -> RuntimeSettings.isOwnName(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private synchronized void updateServiceProperties() {
        ServiceRegistration<IoRuntime> r = registration;
        if (r != null) {
            try {
                r.setProperties(serviceProperties());
            } catch (IllegalStateException unregistered) {
                // deactivating: nothing to update
            }
        }
    }

    private Dictionary<String, Object> serviceProperties() {
        Hashtable<String, Object> p = new Hashtable<>();
        var info = runtime.info();
        p.put("polyloop.strategy", info.strategy().configName());
        p.put("polyloop.backend", info.backend());
        return p;
    }
}
