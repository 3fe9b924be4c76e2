package io.polyloop.scheduler.di;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.SettingsException;
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
            return DaggerRuntimeGraph.factory().create(settings, backends, ownership).runtime();
        } catch (SettingsException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new SettingsException(List.of(e.getMessage()));
        }
    }
}
