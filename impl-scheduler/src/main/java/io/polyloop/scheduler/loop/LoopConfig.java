package io.polyloop.scheduler.loop;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;

/**
 * What a loop needs to know of the runtime's settings. Immutable.
 *
 * @param taskBudget      tasks run per turn before timers and I/O get their turn
 * @param queueCapacity   bound of the inbox and of the local queue
 * @param provider        the backend the loop's driver comes from
 * @param ringSize        completions harvested per poll
 * @param blockingThreads bound of the backend's blocking pool
 */
public record LoopConfig(int taskBudget, int queueCapacity, IoBackendProvider provider, int ringSize,
                         int blockingThreads) {

    /** @return the loop part of {@code settings}, with {@code provider} as the resolution of its backend */
    public static LoopConfig of(RuntimeSettings settings, IoBackendProvider provider) {
        return new LoopConfig(settings.taskBudget(), settings.queueCapacity(), provider, settings.ringSize(),
                settings.blockingThreads());
    }

    DriverOptions driverOptions(String loopName) {
        return new DriverOptions(loopName, ringSize, blockingThreads);
    }

    /** @return true if a driver opened with {@code other} would differ from one opened with this */
    boolean needsNewDriver(LoopConfig other) {
        return provider != other.provider || ringSize != other.ringSize || blockingThreads != other.blockingThreads;
    }
}
