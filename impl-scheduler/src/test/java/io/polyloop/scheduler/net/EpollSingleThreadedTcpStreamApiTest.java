package io.polyloop.scheduler.net;

import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.spi.IoBackendProvider;

/** The TcpStream API suite on epoll with the single-threaded strategy. */
class EpollSingleThreadedTcpStreamApiTest extends TcpStreamApiSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new EpollBackendProvider();
    }
}
