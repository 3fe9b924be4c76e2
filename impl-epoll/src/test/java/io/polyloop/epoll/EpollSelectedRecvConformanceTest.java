package io.polyloop.epoll;

import io.polyloop.conformance.SelectedRecvConformance;
import io.polyloop.spi.IoBackendProvider;

/** The conformance kit's RECV_SELECT suite on epoll. */
class EpollSelectedRecvConformanceTest extends SelectedRecvConformance {
    private static final EpollBackendProvider PROVIDER = new EpollBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
