package io.polyloop.epoll;

import io.polyloop.conformance.LifecycleConformance;
import io.polyloop.spi.IoBackendProvider;

/** The conformance kit's cancel, close, misuse and wake-up on epoll. */
class EpollLifecycleConformanceTest extends LifecycleConformance {
    private static final EpollBackendProvider PROVIDER = new EpollBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
