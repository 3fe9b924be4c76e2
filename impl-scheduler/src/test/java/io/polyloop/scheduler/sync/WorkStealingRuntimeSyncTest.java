package io.polyloop.scheduler.sync;

import io.polyloop.api.RuntimeSettings;

import java.util.Map;

/** {@link RuntimeSyncSuite} on work-stealing with 4 loop(s). */
class WorkStealingRuntimeSyncTest extends RuntimeSyncSuite {
    @Override
    protected Map<String, Object> strategySettings() {
        return Map.of(RuntimeSettings.STRATEGY, "work-stealing", RuntimeSettings.THREADS, 4);
    }
}
