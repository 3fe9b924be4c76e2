package io.polyloop.scheduler.net;

import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.spi.IoBackendProvider;

/** The write backpressure suite on epoll with the single-threaded strategy. */
class EpollSingleThreadedWriteBackpressureTest extends WriteBackpressureSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new EpollBackendProvider();
    }
}
