package io.polyloop.epoll;

import io.polyloop.conformance.DatagramFileConformance;
import io.polyloop.spi.IoBackendProvider;

/** The conformance kit's UDP and regular files on epoll. */
class EpollDatagramFileConformanceTest extends DatagramFileConformance {
    private static final EpollBackendProvider PROVIDER = new EpollBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
