package io.polyloop.kqueue;

import io.polyloop.conformance.StreamConformance;
import io.polyloop.spi.IoBackendProvider;

/**
 * The conformance kit's TCP streams on the real kqueue backend: runs on macOS and FreeBSD (the native CI workflow), and is
 * skipped elsewhere with the probe's reason.
 */
class KqueueNativeStreamConformanceTest extends StreamConformance {
    private static final KqueueBackendProvider PROVIDER = new KqueueBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
