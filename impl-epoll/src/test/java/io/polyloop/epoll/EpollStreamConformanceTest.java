package io.polyloop.epoll;

import io.polyloop.conformance.StreamConformance;
import io.polyloop.spi.IoBackendProvider;

/** The conformance kit's TCP streams on epoll. */
class EpollStreamConformanceTest extends StreamConformance {
    private static final EpollBackendProvider PROVIDER = new EpollBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
