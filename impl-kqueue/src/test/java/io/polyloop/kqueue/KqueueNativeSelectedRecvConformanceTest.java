package io.polyloop.kqueue;

import io.polyloop.conformance.SelectedRecvConformance;
import io.polyloop.spi.IoBackendProvider;

/**
 * The conformance kit's RECV_SELECT suite on the real kqueue backend: runs on macOS and FreeBSD (the native CI
 * workflow), and is skipped elsewhere with the probe's reason.
 */
class KqueueNativeSelectedRecvConformanceTest extends SelectedRecvConformance {
    private static final KqueueBackendProvider PROVIDER = new KqueueBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
