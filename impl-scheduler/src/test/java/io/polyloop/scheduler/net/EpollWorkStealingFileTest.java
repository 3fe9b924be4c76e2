package io.polyloop.scheduler.net;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.spi.IoBackendProvider;

import java.util.Map;

/** The file suite on epoll with work-stealing over four loops. */
class EpollWorkStealingFileTest extends FileSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new EpollBackendProvider();
    }

    @Override
    protected Map<String, Object> strategySettings() {
        return Map.of(RuntimeSettings.STRATEGY, Strategy.WORK_STEALING.configName(), RuntimeSettings.THREADS, 4);
    }
}
