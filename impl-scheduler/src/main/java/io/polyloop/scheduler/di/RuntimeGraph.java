package io.polyloop.scheduler.di;

import dagger.BindsInstance;
import dagger.Component;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.scheduler.runtime.BackendRegistry;
import io.polyloop.scheduler.runtime.Ownership;
import io.polyloop.scheduler.runtime.PolyloopRuntime;

import javax.inject.Singleton;

/** The runtime's object graph, wired at compile time. One graph per runtime. */
@Singleton
@Component(modules = RuntimeModule.class)
interface RuntimeGraph {

    PolyloopRuntime runtime();

    @Component.Factory
    interface Factory {
        RuntimeGraph create(@BindsInstance RuntimeSettings settings, @BindsInstance BackendRegistry backends,
                            @BindsInstance Ownership ownership);
    }
}
