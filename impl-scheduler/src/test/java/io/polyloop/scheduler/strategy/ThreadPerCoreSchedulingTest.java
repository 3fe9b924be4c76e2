package io.polyloop.scheduler.strategy;

import io.polyloop.api.RuntimeSettings;

import java.util.Map;

/** {@link SchedulingSuite} on thread-per-core with 3 loop(s). */
class ThreadPerCoreSchedulingTest extends SchedulingSuite {
    @Override
    protected Map<String, Object> strategySettings() {
        return Map.of(RuntimeSettings.STRATEGY, "thread-per-core", RuntimeSettings.THREADS, 3);
    }
}
