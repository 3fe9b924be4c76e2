package io.polyloop.scheduler.net;

import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.spi.IoBackendProvider;

/** The TCP runtime suite on epoll with the single-threaded strategy. */
class EpollSingleThreadedTcpTest extends TcpRuntimeSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new EpollBackendProvider();
    }
}
