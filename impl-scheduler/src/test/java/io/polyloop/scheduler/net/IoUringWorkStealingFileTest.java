package io.polyloop.scheduler.net;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.iouring.IoUringBackendProvider;
import io.polyloop.spi.IoBackendProvider;

import java.util.Map;

/** The file suite on io_uring with work-stealing over four loops. */
class IoUringWorkStealingFileTest extends FileSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new IoUringBackendProvider();
    }

    @Override
    protected Map<String, Object> strategySettings() {
        return Map.of(RuntimeSettings.STRATEGY, Strategy.WORK_STEALING.configName(), RuntimeSettings.THREADS, 4);
    }
}
