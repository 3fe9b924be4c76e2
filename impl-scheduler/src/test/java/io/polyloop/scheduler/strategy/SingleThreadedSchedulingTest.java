package io.polyloop.scheduler.strategy;

import io.polyloop.api.RuntimeSettings;

import java.util.Map;

/** {@link SchedulingSuite} on single-threaded with 1 loop(s). */
class SingleThreadedSchedulingTest extends SchedulingSuite {
    @Override
    protected Map<String, Object> strategySettings() {
        return Map.of(RuntimeSettings.STRATEGY, "single-threaded", RuntimeSettings.THREADS, 1);
    }
}
