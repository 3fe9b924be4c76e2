package io.polyloop.scheduler.net;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.iouring.IoUringBackendProvider;
import io.polyloop.spi.IoBackendProvider;

import java.util.Map;

/** The UDP suite on io_uring with thread-per-core over three loops. */
class IoUringThreadPerCoreUdpTest extends UdpSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new IoUringBackendProvider();
    }

    @Override
    protected Map<String, Object> strategySettings() {
        return Map.of(RuntimeSettings.STRATEGY, Strategy.THREAD_PER_CORE.configName(), RuntimeSettings.THREADS, 3);
    }
}
