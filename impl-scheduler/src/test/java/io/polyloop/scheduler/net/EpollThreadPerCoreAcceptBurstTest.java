package io.polyloop.scheduler.net;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.spi.IoBackendProvider;

import java.util.Map;

/** Bursts of connections for one accept loop on epoll, thread-per-core over two loops. */
class EpollThreadPerCoreAcceptBurstTest extends AcceptBurstSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new EpollBackendProvider();
    }

    @Override
    protected Map<String, Object> strategySettings() {
        return Map.of(RuntimeSettings.STRATEGY, Strategy.THREAD_PER_CORE.configName(), RuntimeSettings.THREADS, 2);
    }
}
