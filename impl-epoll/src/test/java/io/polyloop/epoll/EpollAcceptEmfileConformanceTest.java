package io.polyloop.epoll;

import io.polyloop.conformance.AcceptEmfileConformance;
import io.polyloop.spi.IoBackendProvider;

/** The conformance kit's accept under EMFILE on epoll (its Acceptor's spare fd). */
class EpollAcceptEmfileConformanceTest extends AcceptEmfileConformance {
    private static final EpollBackendProvider PROVIDER = new EpollBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
