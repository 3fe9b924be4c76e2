package io.polyloop.scheduler.net;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.iouring.IoUringBackendProvider;
import io.polyloop.spi.IoBackendProvider;

import java.util.Map;

/** The TCP runtime suite on io_uring with thread-per-core over three loops (more loops than this machine's cores). */
class IoUringThreadPerCoreTcpTest extends TcpRuntimeSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new IoUringBackendProvider();
    }

    @Override
    protected Map<String, Object> strategySettings() {
        return Map.of(RuntimeSettings.STRATEGY, Strategy.THREAD_PER_CORE.configName(), RuntimeSettings.THREADS, 3);
    }
}
