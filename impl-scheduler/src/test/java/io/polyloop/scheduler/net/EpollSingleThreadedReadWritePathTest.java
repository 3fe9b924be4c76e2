package io.polyloop.scheduler.net;

import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.spi.IoBackendProvider;

/** The read/write path suite on Epoll with the single-threaded strategy. */
class EpollSingleThreadedReadWritePathTest extends ReadWritePathSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new EpollBackendProvider();
    }
}
