package io.polyloop.scheduler.di;

import dagger.BindsInstance;
import dagger.Component;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.scheduler.runtime.BackendRegistry;
import io.polyloop.scheduler.runtime.Ownership;
import io.polyloop.scheduler.runtime.PolyloopRuntime;

import io.polyloop.scheduler.strategy.ExecutionStrategy;

import javax.inject.Named;
import javax.inject.Singleton;

/** The runtime's object graph, wired at compile time. One graph per runtime. */
@Singleton
@Component(modules = RuntimeModule.class)
interface RuntimeGraph {

    PolyloopRuntime runtime();

    ExecutionStrategy strategy();

    @Component.Factory
    interface Factory {
        RuntimeGraph create(@BindsInstance RuntimeSettings settings, @BindsInstance BackendRegistry backends,
                            @BindsInstance Ownership ownership,
                            @BindsInstance @Named("callerDriven") boolean callerDriven);
    }
}
