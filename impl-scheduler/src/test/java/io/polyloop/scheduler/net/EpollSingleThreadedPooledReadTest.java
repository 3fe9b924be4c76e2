package io.polyloop.scheduler.net;

import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.spi.IoBackendProvider;

/** The pooled-read suite on epoll, single-threaded. */
class EpollSingleThreadedPooledReadTest extends PooledReadSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new EpollBackendProvider();
    }
}
