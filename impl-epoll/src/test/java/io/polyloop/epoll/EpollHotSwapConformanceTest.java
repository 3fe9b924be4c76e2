package io.polyloop.epoll;

import io.polyloop.conformance.HotSwapConformance;
import io.polyloop.spi.IoBackendProvider;

/** The conformance kit's hot swap on epoll. */
class EpollHotSwapConformanceTest extends HotSwapConformance {
    private static final EpollBackendProvider PROVIDER = new EpollBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }

    /** Readiness backend: a CONNECT finishes on a writable edge, which only a poll collects. */
    @Override
    protected boolean connectPendingUntilPolled() {
        return true;
    }
}
