package io.polyloop.scheduler.net;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.iouring.IoUringBackendProvider;
import io.polyloop.spi.IoBackendProvider;

import java.util.Map;

/** The pooled-read suite on io_uring with work-stealing over four loops (continuations may be stolen). */
class IoUringWorkStealingPooledReadTest extends PooledReadSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new IoUringBackendProvider();
    }

    @Override
    protected Map<String, Object> strategySettings() {
        return Map.of(RuntimeSettings.STRATEGY, Strategy.WORK_STEALING.configName(), RuntimeSettings.THREADS, 4);
    }
}
