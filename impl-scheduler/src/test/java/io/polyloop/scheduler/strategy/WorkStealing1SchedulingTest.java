package io.polyloop.scheduler.strategy;

import io.polyloop.api.RuntimeSettings;

import java.util.Map;

/** {@link SchedulingSuite} on work-stealing with 1 loop(s). */
class WorkStealing1SchedulingTest extends SchedulingSuite {
    @Override
    protected Map<String, Object> strategySettings() {
        return Map.of(RuntimeSettings.STRATEGY, "work-stealing", RuntimeSettings.THREADS, 1);
    }
}
