package io.polyloop.kqueue;

import io.polyloop.conformance.DatagramFileConformance;
import io.polyloop.spi.IoBackendProvider;

/**
 * The conformance kit's UDP and regular files on the real kqueue backend: runs on macOS and FreeBSD (the native CI workflow), and is
 * skipped elsewhere with the probe's reason.
 */
class KqueueNativeDatagramFileConformanceTest extends DatagramFileConformance {
    private static final KqueueBackendProvider PROVIDER = new KqueueBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
