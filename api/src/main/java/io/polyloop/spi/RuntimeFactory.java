package io.polyloop.spi;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeSettings;

import java.util.List;

/**
 * Implemented by the runtime core and found by {@link io.polyloop.api.IoRuntimeBuilder} through
 * {@link java.util.ServiceLoader} outside OSGi. Inside Karaf the core publishes {@link IoRuntime} itself.
 */
public interface RuntimeFactory {

    /**
     * @param providers every backend found; the runtime picks per {@link RuntimeSettings#backend()}
     * @throws io.polyloop.api.SettingsException if the settings name a backend that is not among the providers or
     *                                           whose probe says it is unavailable
     */
    IoRuntime create(RuntimeSettings settings, List<IoBackendProvider> providers);

    /**
     * Creates a single-loop runtime whose loop is driven by its callers.
     *
     * @throws io.polyloop.api.SettingsException as {@link #create}, or if the strategy is not single-threaded
     */
    default io.polyloop.api.CallerDrivenRuntime createCallerDriven(RuntimeSettings settings,
                                                                   List<IoBackendProvider> providers) {
        throw new UnsupportedOperationException(getClass().getName() + " has no caller-driven runtime");
    }
}
