package io.polyloop.kqueue;

import io.polyloop.conformance.HandleTransferConformance;
import io.polyloop.spi.IoBackendProvider;

/**
 * The conformance kit's handle transfer between two running drivers of the real kqueue backend: runs on macOS and
 * FreeBSD (the native CI workflow), and is skipped elsewhere with the probe's reason.
 */
class KqueueNativeHandleTransferConformanceTest extends HandleTransferConformance {
    private static final KqueueBackendProvider PROVIDER = new KqueueBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
