package io.polyloop.scheduler.net;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.spi.IoBackendProvider;

import java.util.Map;

/** Bursts of connections for one accept loop on epoll, work-stealing over two loops. */
class EpollWorkStealingAcceptBurstTest extends AcceptBurstSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new EpollBackendProvider();
    }

    @Override
    protected Map<String, Object> strategySettings() {
        return Map.of(RuntimeSettings.STRATEGY, Strategy.WORK_STEALING.configName(), RuntimeSettings.THREADS, 2);
    }
}
