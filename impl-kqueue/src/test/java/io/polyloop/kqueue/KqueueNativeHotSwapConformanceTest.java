package io.polyloop.kqueue;

import io.polyloop.conformance.HotSwapConformance;
import io.polyloop.spi.IoBackendProvider;

/**
 * The conformance kit's hot swap on the real kqueue backend: runs on macOS and FreeBSD (the native CI workflow), and is
 * skipped elsewhere with the probe's reason.
 */
class KqueueNativeHotSwapConformanceTest extends HotSwapConformance {
    private static final KqueueBackendProvider PROVIDER = new KqueueBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }

    /** Readiness backend: a CONNECT finishes on an EVFILT_WRITE event, which only a poll collects. */
    @Override
    protected boolean connectPendingUntilPolled() {
        return true;
    }
}
