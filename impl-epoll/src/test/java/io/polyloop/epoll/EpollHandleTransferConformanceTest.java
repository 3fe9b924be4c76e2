package io.polyloop.epoll;

import io.polyloop.conformance.HandleTransferConformance;
import io.polyloop.spi.IoBackendProvider;

/** The conformance kit's handle transfer between two running epoll drivers. */
class EpollHandleTransferConformanceTest extends HandleTransferConformance {
    private static final EpollBackendProvider PROVIDER = new EpollBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
