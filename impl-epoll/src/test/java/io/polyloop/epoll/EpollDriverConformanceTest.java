package io.polyloop.epoll;

import io.polyloop.conformance.DriverConformanceSuite;
import io.polyloop.spi.IoBackendProvider;

/** Runs the backend conformance kit on epoll. */
class EpollDriverConformanceTest extends DriverConformanceSuite {
    private static final EpollBackendProvider PROVIDER = new EpollBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
