package io.polyloop.scheduler.di;

import dagger.Module;
import dagger.Provides;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.scheduler.loop.LoopConfig;
import io.polyloop.scheduler.runtime.BackendRegistry;
import io.polyloop.scheduler.strategy.CallerDrivenStrategy;
import io.polyloop.scheduler.strategy.ExecutionStrategy;
import io.polyloop.scheduler.strategy.LiveStrategy;
import io.polyloop.spi.IoBackendProvider;

import javax.inject.Named;
import javax.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;

/** Chooses the pieces of a runtime from its settings. */
@Module
final class RuntimeModule {
    private static final AtomicInteger RUNTIME_IDS = new AtomicInteger();

    private RuntimeModule() {
    }

    @Provides
    @Singleton
    @Named("runtimeName")
    static String runtimeName() {
        return "polyloop-" + RUNTIME_IDS.incrementAndGet();
    }

    /** @throws IllegalArgumentException if the backend setting names nothing usable here */
    @Provides
    @Singleton
    static IoBackendProvider provider(RuntimeSettings settings, BackendRegistry backends) {
        return backends.select(settings.backend());
    }

    @Provides
    static LoopConfig loopConfig(RuntimeSettings s, IoBackendProvider provider) {
        return LoopConfig.of(s, provider);
    }

    @Provides
    @Singleton
    static ExecutionStrategy strategy(RuntimeSettings settings, @Named("runtimeName") String name,
                                      LoopConfig config, @Named("callerDriven") boolean callerDriven) {
        if (callerDriven) {
            return new CallerDrivenStrategy(name, config);
        }
        boolean pin = "sequential".equals(settings.stringValue(RuntimeSettings.AFFINITY));
        return new LiveStrategy(name, settings.strategy(), settings.threads(), config, pin);
    }
}
