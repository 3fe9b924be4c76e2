package io.polyloop.api;

import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.RuntimeFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Builds an {@link IoRuntime} without OSGi, from the same properties as the Config Admin PID
 * {@value RuntimeSettings#PID}. The runtime core and the backends are found with {@link ServiceLoader} on the
 * builder's class loader unless given explicitly. Not thread safe.
 *
 * <pre>{@code
 * try (IoRuntime rt = IoRuntime.builder().backend("epoll").build()) { ... }
 * }</pre>
 */
public final class IoRuntimeBuilder {
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<IoBackendProvider> providers = new ArrayList<>();
    private ClassLoader classLoader = IoRuntimeBuilder.class.getClassLoader();

    IoRuntimeBuilder() {
    }

    public IoRuntimeBuilder strategy(String name) {
        return set(RuntimeSettings.STRATEGY, name);
    }

    public IoRuntimeBuilder backend(String name) {
        return set(RuntimeSettings.BACKEND, name);
    }

    public IoRuntimeBuilder threads(int count) {
        return set(RuntimeSettings.THREADS, count);
    }

    /** Sets any property of {@link RuntimeSettings}; validated by {@link #build()}. */
    public IoRuntimeBuilder set(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    /** Sets every property of {@code map} (for example a loaded {@code io.polyloop.runtime.cfg}). */
    public IoRuntimeBuilder properties(Map<String, ?> map) {
        properties.putAll(map);
        return this;
    }

    /** Uses these providers instead of the ones {@link ServiceLoader} finds. */
    public IoRuntimeBuilder provider(IoBackendProvider provider) {
        providers.add(provider);
        return this;
    }

    /** The class loader to search for the runtime core and providers. */
    public IoRuntimeBuilder classLoader(ClassLoader loader) {
        this.classLoader = loader;
        return this;
    }

    /**
     * @throws SettingsException     if a property is wrong, or the backend named is not installed or not available
     * @throws IllegalStateException if no runtime core is on the class path
     */
    public IoRuntime build() {
        return factory().create(RuntimeSettings.parse(properties), providers());
    }

    /**
     * Builds a single-loop runtime without a thread of its own, driven by {@link CallerDrivenRuntime#blockOn} and
     * {@link CallerDrivenRuntime#run}.
     *
     * @throws SettingsException     as {@link #build()}, or if {@code strategy} is set to anything but
     *                               single-threaded
     * @throws IllegalStateException if no runtime core is on the class path
     */
    public CallerDrivenRuntime buildCallerDriven() {
        return factory().createCallerDriven(RuntimeSettings.parse(properties), providers());
    }

    private RuntimeFactory factory() {
        Iterator<RuntimeFactory> factories = ServiceLoader.load(RuntimeFactory.class, classLoader).iterator();
        if (!factories.hasNext()) {
            throw new IllegalStateException("no polyloop runtime core on the class path: add the artifact "
                    + "io.polyloop:impl-scheduler (it provides " + RuntimeFactory.class.getName() + ")");
        }
        return factories.next();
    }

    private List<IoBackendProvider> providers() {
        List<IoBackendProvider> found = new ArrayList<>(providers);
        if (found.isEmpty()) {
            ServiceLoader.load(IoBackendProvider.class, classLoader).forEach(found::add);
        }
        return found;
    }
}
