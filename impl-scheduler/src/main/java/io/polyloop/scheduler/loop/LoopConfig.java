package io.polyloop.scheduler.loop;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a loop needs to know of the runtime's settings. Immutable.
 *
 * @param taskBudget      tasks run per turn before timers and I/O get their turn
 * @param queueCapacity   bound of the inbox and of the local queue
 * @param provider        the backend the loop's driver comes from
 * @param ringSize        completions harvested per poll
 * @param blockingThreads bound of the backend's blocking pool
 * @param backendProperties backend tuning settings, handed to drivers as they are
 * @param timerTickNanos  resolution of the loop's timer wheel
 * @param starvedReadNanos how long a pooled read of the loop waits for direct memory for its loan before it fails
 */
public record LoopConfig(int taskBudget, int queueCapacity, IoBackendProvider provider, int ringSize,
                         int blockingThreads, Map<String, Object> backendProperties, long timerTickNanos,
                         long starvedReadNanos) {
    /** The default timer tick: 1 ms. */
    public static final long DEFAULT_TIMER_TICK_NANOS = 1_000_000;
    /** The default wait of a pooled read for direct memory: 10 s (the setting's default). */
    public static final long DEFAULT_STARVED_READ_NANOS = 10_000_000_000L;

    /** The settings that tune a backend's drivers; a change of one reopens the drivers. */
    private static final List<String> BACKEND_PROPERTIES = List.of(RuntimeSettings.IO_URING_DEFER_TASKRUN,
            RuntimeSettings.IO_URING_MULTISHOT);

    public LoopConfig {
        backendProperties = Map.copyOf(backendProperties);
        if (timerTickNanos <= 0) {
            throw new IllegalArgumentException("timer tick " + timerTickNanos + " ns must be positive");
        }
        if (starvedReadNanos < 0) {
            throw new IllegalArgumentException("starved-read wait " + starvedReadNanos + " ns is negative");
        }
    }

    public LoopConfig(int taskBudget, int queueCapacity, IoBackendProvider provider, int ringSize,
                      int blockingThreads, Map<String, Object> backendProperties, long timerTickNanos) {
        this(taskBudget, queueCapacity, provider, ringSize, blockingThreads, backendProperties, timerTickNanos,
                DEFAULT_STARVED_READ_NANOS);
    }

    public LoopConfig(int taskBudget, int queueCapacity, IoBackendProvider provider, int ringSize,
                      int blockingThreads, Map<String, Object> backendProperties) {
        this(taskBudget, queueCapacity, provider, ringSize, blockingThreads, backendProperties,
                DEFAULT_TIMER_TICK_NANOS);
    }

    public LoopConfig(int taskBudget, int queueCapacity, IoBackendProvider provider, int ringSize,
                      int blockingThreads) {
        this(taskBudget, queueCapacity, provider, ringSize, blockingThreads, Map.of());
    }

    /** @return the loop part of {@code settings}, with {@code provider} as the resolution of its backend */
    public static LoopConfig of(RuntimeSettings settings, IoBackendProvider provider) {
        Map<String, Object> tuning = new LinkedHashMap<>();
        for (String name : BACKEND_PROPERTIES) {
            tuning.put(name, settings.value(name));
        }
        return new LoopConfig(settings.taskBudget(), settings.queueCapacity(), provider, settings.ringSize(),
                settings.blockingThreads(), tuning, settings.timerTickMillis() * 1_000_000L,
                settings.starvedReadMillis() * 1_000_000L);
    }

    DriverOptions driverOptions(String loopName) {
        return new DriverOptions(loopName, ringSize, blockingThreads, backendProperties);
    }

    /** @return true if a driver opened with {@code other} would differ from one opened with this */
    boolean needsNewDriver(LoopConfig other) {
        return provider != other.provider || ringSize != other.ringSize || blockingThreads != other.blockingThreads
                || !backendProperties.equals(other.backendProperties);
    }
}
