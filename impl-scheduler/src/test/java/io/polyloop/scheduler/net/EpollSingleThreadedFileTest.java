package io.polyloop.scheduler.net;

import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.spi.IoBackendProvider;

/** The file suite on epoll with the single-threaded strategy. */
class EpollSingleThreadedFileTest extends FileSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new EpollBackendProvider();
    }
}
