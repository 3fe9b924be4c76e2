package io.polyloop.scheduler.sync;

import io.polyloop.api.RuntimeSettings;

import java.util.Map;

/** {@link RuntimeSyncSuite} on single-threaded with 1 loop(s). */
class SingleThreadedRuntimeSyncTest extends RuntimeSyncSuite {
    @Override
    protected Map<String, Object> strategySettings() {
        return Map.of(RuntimeSettings.STRATEGY, "single-threaded", RuntimeSettings.THREADS, 1);
    }
}
