package io.polyloop.scheduler.runtime;

import io.polyloop.api.CallerDrivenRuntime;
import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.scheduler.di.Runtimes;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.RuntimeFactory;

import java.util.List;

/** The plain-Java entry point's view of the runtime core, found through {@link java.util.ServiceLoader}. */
public final class PolyloopRuntimeFactory implements RuntimeFactory {

    @Override
    public IoRuntime create(RuntimeSettings settings, List<IoBackendProvider> providers) {
        return Runtimes.create(settings, new BackendRegistry(providers), Ownership.CALLER);
    }

    @Override
    public CallerDrivenRuntime createCallerDriven(RuntimeSettings settings, List<IoBackendProvider> providers) {
        return Runtimes.createCallerDriven(settings, new BackendRegistry(providers));
    }
}
