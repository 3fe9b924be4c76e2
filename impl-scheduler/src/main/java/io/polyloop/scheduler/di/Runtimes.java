package io.polyloop.scheduler.di;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.SettingsException;
import io.polyloop.api.Strategy;
import io.polyloop.scheduler.runtime.CallerDrivenPolyloop;
import io.polyloop.scheduler.strategy.CallerDrivenStrategy;
import io.polyloop.scheduler.runtime.BackendRegistry;
import io.polyloop.scheduler.runtime.Ownership;
import io.polyloop.scheduler.runtime.PolyloopRuntime;

import java.util.List;

/** The one way runtimes are built, for the OSGi component and the plain-Java factory alike. */
public final class Runtimes {
    private Runtimes() {
    }

    /**
     * @throws SettingsException if the backend setting names a provider that is missing or cannot run here
     */
    public static PolyloopRuntime create(RuntimeSettings settings, BackendRegistry backends, Ownership ownership) {
        try {
            return DaggerRuntimeGraph.factory().create(settings, backends, ownership, false).runtime();
        } catch (SettingsException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new SettingsException(List.of(e.getMessage()));
        }
    }

    /**
     * A single-threaded runtime whose loop runs on its callers' threads.
     *
     * @throws SettingsException as {@link #create}, or if the strategy is not single-threaded
     */
    public static CallerDrivenPolyloop createCallerDriven(RuntimeSettings settings, BackendRegistry backends) {
        if (settings.strategy() != Strategy.SINGLE_THREADED) {
            throw new SettingsException(List.of(RuntimeSettings.STRATEGY + "='" + settings.strategy().configName()
                    + "' cannot be driven by a caller; accepted: " + Strategy.SINGLE_THREADED.configName()));
        }
        try {
            RuntimeGraph graph = DaggerRuntimeGraph.factory().create(settings, backends, Ownership.CALLER, true);
            PolyloopRuntime runtime = graph.runtime();
            return new CallerDrivenPolyloop(runtime, ((CallerDrivenStrategy) graph.strategy()).loop());
        } catch (SettingsException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new SettingsException(List.of(e.getMessage()));
        }
    }
}
