package io.polyloop.scheduler.net;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.spi.IoBackendProvider;

import java.util.Map;

/** The UDP suite on epoll with work-stealing over four loops. */
class EpollWorkStealingUdpTest extends UdpSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new EpollBackendProvider();
    }

    @Override
    protected Map<String, Object> strategySettings() {
        return Map.of(RuntimeSettings.STRATEGY, Strategy.WORK_STEALING.configName(), RuntimeSettings.THREADS, 4);
    }
}
