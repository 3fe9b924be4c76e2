package io.polyloop.scheduler.sync;

import io.polyloop.api.RuntimeSettings;

import java.util.Map;

/** {@link RuntimeSyncSuite} on thread-per-core with 2 loop(s). */
class ThreadPerCoreRuntimeSyncTest extends RuntimeSyncSuite {
    @Override
    protected Map<String, Object> strategySettings() {
        return Map.of(RuntimeSettings.STRATEGY, "thread-per-core", RuntimeSettings.THREADS, 2);
    }
}
