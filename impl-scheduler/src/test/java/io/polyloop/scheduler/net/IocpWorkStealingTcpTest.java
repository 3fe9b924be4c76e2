package io.polyloop.scheduler.net;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.spi.IoBackendProvider;

import java.util.Map;

/**
 * The TCP runtime suite on the IOCP backend over its Winsock emulation (no SO_REUSEPORT: listeners accept on one
 * loop), work-stealing over 4 loops. */
class IocpWorkStealingTcpTest extends TcpRuntimeSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return EmulatedIocp.provider();
    }

    @Override
    protected Map<String, Object> strategySettings() {
        return Map.of(RuntimeSettings.STRATEGY, Strategy.WORK_STEALING.configName(), RuntimeSettings.THREADS, 4);
    }
}
