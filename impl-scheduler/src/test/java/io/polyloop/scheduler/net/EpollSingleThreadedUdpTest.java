package io.polyloop.scheduler.net;

import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.spi.IoBackendProvider;

/** The UDP suite on epoll with the single-threaded strategy. */
class EpollSingleThreadedUdpTest extends UdpSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new EpollBackendProvider();
    }
}
